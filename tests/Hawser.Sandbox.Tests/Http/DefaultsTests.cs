using System.Net;
using Hawser.Sandbox.Tests.Support;

namespace Hawser.Sandbox.Tests.Http;

public sealed class DefaultsTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private SandboxClient Client => sandbox.Client;

    [Fact]
    public async Task Services_get_type_session_affinity_protocol_and_target_port_defaults()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("svc-defaults"));
        var reply = await Client.PostAsync($"/api/v1/namespaces/{ns}/services", """{"metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80},{"port":443,"targetPort":8443,"protocol":"UDP"}]}}""");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("ClusterIP", reply.Str("spec.type"));
        Assert.Equal("None", reply.Str("spec.sessionAffinity"));
        Assert.Equal("TCP", reply.Str("spec.ports.0.protocol"));
        Assert.Equal("80", reply.Str("spec.ports.0.targetPort"));
        Assert.Equal("UDP", reply.Str("spec.ports.1.protocol"));
        Assert.Equal("8443", reply.Str("spec.ports.1.targetPort"));
    }

    [Fact]
    public async Task Deployments_get_strategy_and_container_defaults_without_generation_churn()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("deploy-defaults"));
        var path = $"/apis/apps/v1/namespaces/{ns}/deployments/web?fieldManager=hawser&force=true";
        var body = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27","ports":[{"containerPort":80}]},{"name":"side","image":"busybox"}]}}}}""";
        var created = await Client.PatchAsync(path, body, "application/apply-patch+yaml");
        Assert.Equal("1", created.Str("spec.replicas"));
        Assert.Equal("RollingUpdate", created.Str("spec.strategy.type"));
        Assert.Equal("10", created.Str("spec.revisionHistoryLimit"));
        Assert.Equal("IfNotPresent", created.Str("spec.template.spec.containers.0.imagePullPolicy"));
        Assert.Equal("Always", created.Str("spec.template.spec.containers.1.imagePullPolicy"));
        Assert.Equal("TCP", created.Str("spec.template.spec.containers.0.ports.0.protocol"));
        var again = await Client.PatchAsync(path, body, "application/apply-patch+yaml");
        Assert.Equal("1", again.Str("metadata.generation"));
        Assert.Equal(created.Str("metadata.resourceVersion"), again.Str("metadata.resourceVersion"));
    }

    private const string PodTemplate = """{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}""";
    private const string Selector = """{"matchLabels":{"app":"web"}}""";

    [Theory]
    [InlineData("/apis/batch/v1/namespaces/{ns}/cronjobs", $$$$$"""{"metadata":{"name":"c"},"spec":{"schedule":"* * * * *","jobTemplate":{"spec":{"template":{{{{{PodTemplate}}}}}}}}}""", "{}")]
    [InlineData("/apis/apps/v1/namespaces/{ns}/deployments", $$$$"""{"metadata":{"name":"d"},"spec":{"selector":{{{{Selector}}}},"template":{{{{PodTemplate}}}}}}""", "{}")]
    [InlineData("/apis/apps/v1/namespaces/{ns}/statefulsets", $$$$"""{"metadata":{"name":"s"},"spec":{"selector":{{{{Selector}}}},"serviceName":"s","template":{{{{PodTemplate}}}}}}""", """{"replicas":0,"availableReplicas":0}""")]
    [InlineData("/apis/apps/v1/namespaces/{ns}/replicasets", $$$$"""{"metadata":{"name":"r"},"spec":{"selector":{{{{Selector}}}},"template":{{{{PodTemplate}}}}}}""", """{"replicas":0}""")]
    [InlineData("/apis/apps/v1/namespaces/{ns}/daemonsets", $$$$"""{"metadata":{"name":"ds"},"spec":{"selector":{{{{Selector}}}},"template":{{{{PodTemplate}}}}}}""", """{"currentNumberScheduled":0,"numberMisscheduled":0,"desiredNumberScheduled":0,"numberReady":0}""")]
    [InlineData("/apis/batch/v1/namespaces/{ns}/jobs", """{"metadata":{"name":"j"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"j","image":"busybox:1"}]}}}}""", "{}")]
    [InlineData("/api/v1/namespaces/{ns}/services", """{"metadata":{"name":"svc"},"spec":{"ports":[{"port":80}]},"status":{"loadBalancer":{"ingress":[{"ip":"1.2.3.4"}]}}}""", """{"loadBalancer":{}}""")]
    [InlineData("/api/v1/namespaces/{ns}/persistentvolumeclaims", """{"metadata":{"name":"pvc"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}""", """{"phase":"Pending"}""")]
    [InlineData("/api/v1/namespaces/{ns}/pods", """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"web","image":"nginx:1.27","resources":{"limits":{"cpu":"1","memory":"1Gi"}}}]}}""", """{"phase":"Pending","qosClass":"Guaranteed"}""")]
    [InlineData("/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets", """{"metadata":{"name":"pdb"},"spec":{"minAvailable":1}}""", """{"disruptionsAllowed":0,"currentHealthy":0,"desiredHealthy":0,"expectedPods":0}""")]
    public async Task Created_objects_read_back_with_the_status_the_api_server_initialises(string collection, string body, string status)
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("initial-status"));
        var reply = await Client.PostAsync(collection.Replace("{ns}", ns, StringComparison.Ordinal), body);
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(status), reply.Json?["status"]), reply.Json?["status"]?.ToJsonString() ?? "no status");
    }

    [Theory]
    [InlineData("""{"containers":[{"name":"a","image":"x"}]}""", "BestEffort")]
    [InlineData("""{"containers":[{"name":"a","image":"x","resources":{"requests":{"cpu":"1"}}}]}""", "Burstable")]
    [InlineData("""{"containers":[{"name":"a","image":"x","resources":{"limits":{"cpu":"1","memory":"1Gi"}}}]}""", "Guaranteed")]
    [InlineData("""{"containers":[{"name":"a","image":"x","resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"500m"}}}]}""", "Burstable")]
    public void Pods_qos_class_follows_requests_and_limits(string spec, string expected) =>
        Assert.Equal(expected, Sandbox.Writes.InitialStatus.QosClass(System.Text.Json.Nodes.JsonNode.Parse(spec)!.AsObject()));

    [Fact]
    public async Task Writes_without_a_precondition_are_retried_when_a_controller_writes_in_between()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("retry"));
        var path = $"/apis/apps/v1/namespaces/{ns}/deployments/web";
        await Client.PatchAsync($"{path}?fieldManager=hawser", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}}}}}""", "application/apply-patch+yaml");
        using var stop = new CancellationTokenSource();
        var store = sandbox.Server.Store;
        var resource = new Sandbox.Api.GroupResource("apps", "deployments");
        var churn = Task.Run(() =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var live = store.Get(resource, ns, "web")!;
                var body = live.ToJsonObject();
                body["status"] = new System.Text.Json.Nodes.JsonObject { ["observedGeneration"] = ++i };
                try { store.Update(resource, body, live.ResourceVersion); }
                catch (Sandbox.Api.ApiException) { }
                Thread.Sleep(1);
            }
        });
        try
        {
            for (var replicas = 2; replicas < 40; replicas++)
            {
                var reply = await Client.PatchAsync($"{path}?fieldManager=hawser", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":REPLICAS,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}}}}}""".Replace("REPLICAS", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), "application/apply-patch+yaml");
                Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await churn;
        }
    }
}
