using System.Net;
using System.Text.Json.Nodes;
using Hawser.Sandbox.Tests.Support;

namespace Hawser.Sandbox.Tests.Http;

public sealed class DiscoveryTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string Aggregated = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    [Fact]
    public async Task Aggregated_discovery_is_served_only_when_asked_with_its_exact_content_type()
    {
        var aggregated = await sandbox.Client.GetAsync("/apis", Aggregated);
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", aggregated.ContentType.Replace(" ", ""));
        Assert.Equal("APIGroupDiscoveryList", aggregated.Str("kind"));

        var legacy = await sandbox.Client.GetAsync("/apis");
        Assert.StartsWith("application/json", legacy.ContentType);
        Assert.Equal("APIGroupList", legacy.Str("kind"));
    }

    [Fact]
    public async Task Core_aggregated_discovery_lists_configmaps_with_short_names_scope_and_verbs()
    {
        var reply = await sandbox.Client.GetAsync("/api", Aggregated);
        var items = reply.Json!["items"]!.AsArray();
        var core = Assert.Single(items);
        Assert.Equal("", core!["metadata"]!["name"]!.ToString());
        var resources = core["versions"]![0]!["resources"]!.AsArray();
        var configmaps = resources.Single(r => r!["resource"]!.ToString() == "configmaps")!;
        Assert.Equal("ConfigMap", configmaps["responseKind"]!["kind"]!.ToString());
        Assert.Equal("Namespaced", configmaps["scope"]!.ToString());
        Assert.Contains("cm", configmaps["shortNames"]!.AsArray().Select(s => s!.ToString()));
        Assert.Contains("watch", configmaps["verbs"]!.AsArray().Select(s => s!.ToString()));
        var namespaces = resources.Single(r => r!["resource"]!.ToString() == "namespaces")!;
        Assert.Equal("Cluster", namespaces["scope"]!.ToString());
    }

    [Fact]
    public async Task Workloads_carry_the_all_category_and_a_status_subresource()
    {
        var reply = await sandbox.Client.GetAsync("/apis", Aggregated);
        var apps = reply.Json!["items"]!.AsArray().Single(i => i!["metadata"]!["name"]!.ToString() == "apps")!;
        var deployments = apps["versions"]![0]!["resources"]!.AsArray().Single(r => r!["resource"]!.ToString() == "deployments")!;
        Assert.Contains("all", deployments["categories"]!.AsArray().Select(s => s!.ToString()));
        Assert.Equal("status", deployments["subresources"]![0]!["subresource"]!.ToString());
    }

    [Fact]
    public async Task Legacy_discovery_serves_every_group_version_resource_list()
    {
        var groups = await sandbox.Client.GetAsync("/apis");
        foreach (var group in groups.Json!["groups"]!.AsArray())
        {
            var groupVersion = group!["preferredVersion"]!["groupVersion"]!.ToString();
            var list = await sandbox.Client.GetAsync($"/apis/{groupVersion}");
            Assert.Equal(HttpStatusCode.OK, list.Status);
            Assert.Equal(groupVersion, list.Str("groupVersion"));
            Assert.NotEmpty(list.Json!["resources"]!.AsArray());
        }
        var core = await sandbox.Client.GetAsync("/api/v1");
        var pods = core.Json!["resources"]!.AsArray().Single(r => r!["name"]!.ToString() == "pods")!;
        Assert.True(pods["namespaced"]!.GetValue<bool>());
        Assert.Contains(core.Json!["resources"]!.AsArray(), r => r!["name"]!.ToString() == "pods/status");
        var api = await sandbox.Client.GetAsync("/api");
        Assert.Equal("APIVersions", api.Str("kind"));
    }

    [Fact]
    public async Task Every_kind_the_issue_lists_is_served_with_the_right_scope()
    {
        var expected = new Dictionary<string, bool>
        {
            ["/api/v1/namespaces"] = false, ["/api/v1/configmaps"] = true, ["/api/v1/secrets"] = true, ["/api/v1/serviceaccounts"] = true,
            ["/api/v1/services"] = true, ["/api/v1/endpoints"] = true, ["/api/v1/pods"] = true, ["/api/v1/persistentvolumeclaims"] = true,
            ["/api/v1/persistentvolumes"] = false, ["/api/v1/events"] = true, ["/api/v1/resourcequotas"] = true, ["/api/v1/limitranges"] = true,
            ["/apis/apps/v1/deployments"] = true, ["/apis/apps/v1/statefulsets"] = true, ["/apis/apps/v1/daemonsets"] = true,
            ["/apis/apps/v1/replicasets"] = true, ["/apis/batch/v1/jobs"] = true, ["/apis/batch/v1/cronjobs"] = true,
            ["/apis/networking.k8s.io/v1/ingresses"] = true, ["/apis/networking.k8s.io/v1/ingressclasses"] = false,
            ["/apis/networking.k8s.io/v1/networkpolicies"] = true, ["/apis/rbac.authorization.k8s.io/v1/roles"] = true,
            ["/apis/rbac.authorization.k8s.io/v1/rolebindings"] = true, ["/apis/rbac.authorization.k8s.io/v1/clusterroles"] = false,
            ["/apis/rbac.authorization.k8s.io/v1/clusterrolebindings"] = false, ["/apis/policy/v1/poddisruptionbudgets"] = true,
            ["/apis/autoscaling/v2/horizontalpodautoscalers"] = true, ["/apis/storage.k8s.io/v1/storageclasses"] = false,
            ["/apis/coordination.k8s.io/v1/leases"] = true, ["/apis/scheduling.k8s.io/v1/priorityclasses"] = false,
            ["/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations"] = false,
            ["/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations"] = false,
            ["/apis/apiextensions.k8s.io/v1/customresourcedefinitions"] = false,
        };
        foreach (var (path, namespaced) in expected)
        {
            var list = await sandbox.Client.GetAsync(path);
            Assert.True(list.Status == HttpStatusCode.OK, $"{path}: {list.Status}");
            var segments = path.Split('/');
            var inNamespace = await sandbox.Client.GetAsync(string.Join('/', segments[..^1]) + "/namespaces/default/" + segments[^1]);
            Assert.True((inNamespace.Status == HttpStatusCode.OK) == namespaced, $"{path} namespaced={namespaced} but got {inNamespace.Status}");
        }
    }

    [Fact]
    public async Task Openapi_v3_lists_a_document_per_group_version_with_field_validation_on_patch()
    {
        var root = await sandbox.Client.GetAsync("/openapi/v3");
        var url = root.Json!["paths"]!["api/v1"]!["serverRelativeURL"]!.ToString();
        Assert.StartsWith("/openapi/v3/api/v1?hash=", url);
        var document = await sandbox.Client.GetAsync(url);
        var patch = document.Json!["paths"]!["/api/v1/namespaces/{namespace}/configmaps/{name}"]!["patch"]!;
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.ToString() == "fieldValidation");
        Assert.Equal("ConfigMap", patch["x-kubernetes-group-version-kind"]!["kind"]!.ToString());
        Assert.Null(patch["requestBody"]!["content"]!["application/strategic-merge-patch+json"]);
        Assert.NotNull(root.Json!["paths"]!["apis/apps/v1"]);
        Assert.Equal(HttpStatusCode.NotFound, (await sandbox.Client.GetAsync("/openapi/v2")).Status);
    }
}
