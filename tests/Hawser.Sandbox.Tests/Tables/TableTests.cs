using Hawser.Sandbox.Tests.Support;

namespace Hawser.Sandbox.Tests.Tables;

public sealed class TableTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    [Fact]
    public async Task Configmap_tables_have_name_data_and_age_and_partial_object_metadata()
    {
        var ns = await sandbox.Client.CreateNamespaceAsync(sandbox.NextName("table"));
        await sandbox.Client.CreateConfigMapAsync(ns, "foo", """{"app":"demo"}""", """{"a":"1","b":"2"}""");
        var reply = await sandbox.Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps?limit=500", TableAccept);
        Assert.Equal("Table", reply.Str("kind"));
        Assert.Equal("meta.k8s.io/v1", reply.Str("apiVersion"));
        Assert.NotEqual("", reply.Str("metadata.resourceVersion"));
        Assert.Equal(["Name", "Data", "Age"], reply.Json!["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.ToString()));
        Assert.Equal("foo", reply.Str("rows.0.cells.0"));
        Assert.Equal("2", reply.Str("rows.0.cells.1"));
        Assert.Matches("^[0-9]+s$", reply.Str("rows.0.cells.2"));
        Assert.Equal("PartialObjectMetadata", reply.Str("rows.0.object.kind"));
        Assert.Equal(ns, reply.Str("rows.0.object.metadata.namespace"));
        Assert.Equal("demo", reply.Str("rows.0.object.metadata.labels.app"));
    }

    [Fact]
    public async Task Deployment_tables_show_ready_up_to_date_and_available()
    {
        var ns = await sandbox.Client.CreateNamespaceAsync(sandbox.NextName("deploy-table"));
        await sandbox.Client.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}}}}}""");
        await sandbox.Client.PutAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web/status",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}}""");
        var reply = await sandbox.Client.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web", TableAccept);
        Assert.Equal(["Name", "Ready", "Up-to-date", "Available", "Age"], reply.Json!["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.ToString()));
        Assert.Equal(["web", "2/3", "3", "2"], reply.Json!["rows"]![0]!["cells"]!.AsArray().Take(4).Select(c => c!.ToString()));
    }

    [Fact]
    public async Task Namespace_and_pod_tables_show_status()
    {
        var ns = await sandbox.Client.CreateNamespaceAsync(sandbox.NextName("pod-table"));
        var nsTable = await sandbox.Client.GetAsync($"/api/v1/namespaces/{ns}", TableAccept);
        Assert.Equal("Active", nsTable.Str("rows.0.cells.1"));
        await sandbox.Client.PostAsync($"/api/v1/namespaces/{ns}/pods", """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""");
        var pod = await sandbox.Client.GetAsync($"/api/v1/namespaces/{ns}/pods/p", TableAccept);
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age"], pod.Json!["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.ToString()));
        Assert.Equal("0/1", pod.Str("rows.0.cells.1"));
        Assert.Equal("Pending", pod.Str("rows.0.cells.2"));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(119, "119s")]
    [InlineData(125, "2m5s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 + 120, "3h2m")]
    [InlineData(30 * 3600, "30h")]
    [InlineData(50 * 3600, "2d2h")]
    [InlineData(400 * 86400, "400d")]
    public void Ages_are_formatted_as_kubectl_prints_them(int seconds, string expected) =>
        Assert.Equal(expected, Sandbox.Tables.HumanDuration.Format(TimeSpan.FromSeconds(seconds)));
}
