using System.Net;
using Hawser.Sandbox.Tests.Support;
using Hawser.Sandbox.Writes;

namespace Hawser.Sandbox.Tests.Http;

/// <summary>What a real API server refuses, refused the same way: sizes, undecodable values, immutability, selectors.</summary>
public sealed class StrictnessTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private SandboxClient Client => sandbox.Client;

    private static string BigConfigMap(int size) => "{\"metadata\":{\"name\":\"big\"},\"data\":{\"a\":\"" + new string('x', size) + "\"}}";

    [Fact]
    public async Task A_body_over_three_mebibytes_is_refused_as_too_large()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("big-body"));
        var reply = await Client.PostAsync($"/api/v1/namespaces/{ns}/configmaps", BigConfigMap(3 * 1024 * 1024));
        Assert.Equal((HttpStatusCode)413, reply.Status);
        Assert.Equal("RequestEntityTooLarge", reply.Str("reason"));
        Assert.Equal("Request entity too large: limit is 3145728", reply.Str("message"));
    }

    [Fact]
    public async Task An_object_over_etcds_limit_is_refused_with_etcds_message_and_not_stored()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("big-object"));
        var reply = await Client.PostAsync($"/api/v1/namespaces/{ns}/configmaps", BigConfigMap(1600 * 1024));
        Assert.Equal(HttpStatusCode.InternalServerError, reply.Status);
        Assert.Equal("etcdserver: request is too large", reply.Str("message"));
        Assert.Null(reply.Json!["reason"]);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps/big")).Status);
        var dryRun = await Client.PostAsync($"/api/v1/namespaces/{ns}/configmaps?dryRun=All", BigConfigMap(1600 * 1024));
        Assert.Equal(HttpStatusCode.Created, dryRun.Status);
    }

    [Fact]
    public async Task Secret_data_that_is_not_base64_is_refused_without_quoting_the_value()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("bad-base64"));
        var reply = await Client.PostAsync($"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"s"},"data":{"password":"hunter2!"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 7", reply.Str("message"));
        Assert.DoesNotContain("hunter2", reply.Text);
    }

    [Theory]
    [InlineData("aGVsbG8=", null)]
    [InlineData("aGVs\nbG8=", null)]
    [InlineData("", null)]
    [InlineData("hunter2!", 7)]
    [InlineData("aGVsbG8", 4)]
    [InlineData("a===", 1)]
    [InlineData("aGVsbA==x", 8)]
    [InlineData("aGVsbA=x", 6)]
    [InlineData("aGVsbA=", 7)]
    public void Base64_errors_are_reported_at_the_byte_go_reports(string text, int? offset) =>
        Assert.Equal(offset, Base64Check.FirstError(text));

    [Theory]
    [InlineData("configmaps", """{"metadata":{"name":"n"},"data":{"replicas":3}}""", "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string")]
    [InlineData("configmaps", """{"metadata":{"name":"n"},"data":{"on":true}}""", "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal bool into Go struct field ConfigMap.data of type string")]
    [InlineData("configmaps", """{"metadata":{"name":"n","labels":{"version":1.5}}}""", "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string")]
    [InlineData("secrets", """{"metadata":{"name":"n"},"stringData":{"port":5432}}""", "Secret in version \"v1\" cannot be handled as a Secret: json: cannot unmarshal number into Go struct field Secret.stringData of type string")]
    public async Task Values_of_the_wrong_type_in_string_maps_are_refused(string resource, string body, string message)
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("wrong-type"));
        var reply = await Client.PostAsync($"/api/v1/namespaces/{ns}/{resource}", body);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(message, reply.Str("message"));
    }

    [Fact]
    public async Task An_immutable_configmap_keeps_its_data_and_stays_immutable()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("immutable-cm"));
        var path = $"/api/v1/namespaces/{ns}/configmaps";
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsync(path, """{"metadata":{"name":"c"},"data":{"a":"1"},"immutable":true}""")).Status);
        var changed = await Client.PatchAsync($"{path}/c", """{"data":{"a":"2"},"immutable":false}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.Status);
        Assert.Equal("ConfigMap \"c\" is invalid: [immutable: Forbidden: field is immutable when `immutable` is set, data: Forbidden: field is immutable when `immutable` is set]", changed.Str("message"));
        Assert.Equal(["immutable", "data"], changed.Json!["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.ToString()));
        var labelled = await Client.PatchAsync($"{path}/c", """{"metadata":{"labels":{"x":"y"}}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, labelled.Status);
        Assert.Equal("1", (await Client.GetAsync($"{path}/c")).Str("data.a"));
    }

    [Fact]
    public async Task An_immutable_secret_keeps_its_data_and_no_secret_keeps_a_new_type()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("immutable-secret"));
        var path = $"/api/v1/namespaces/{ns}/secrets";
        await Client.PostAsync(path, """{"metadata":{"name":"s"},"data":{"a":"MQ=="},"immutable":true}""");
        var changed = await Client.PatchAsync($"{path}/s", """{"data":{"a":"Mg=="}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.Status);
        Assert.Equal("Secret \"s\" is invalid: data: Forbidden: field is immutable when `immutable` is set", changed.Str("message"));
        Assert.DoesNotContain("Mg==", changed.Text);

        await Client.PostAsync(path, """{"metadata":{"name":"t"},"data":{"a":"MQ=="}}""");
        var retyped = await Client.PatchAsync($"{path}/t", """{"type":"kubernetes.io/tls"}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, retyped.Status);
        Assert.Equal("Secret \"t\" is invalid: type: Invalid value: \"kubernetes.io/tls\": field is immutable", retyped.Str("message"));
    }

    [Theory]
    [InlineData("deployments", "Deployment", """{"template":{"metadata":{"labels":{"app":"web","tier":"a"}}}}""",
        "Deployment.apps \"w\" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\", \"tier\":\"a\"}: `selector` does not match template `labels`]")]
    [InlineData("statefulsets", "StatefulSet", """{"selector":{"matchLabels":{"app":"db"}},"template":{"metadata":{"labels":{"app":"web"}}}}""",
        "StatefulSet.apps \"w\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`")]
    [InlineData("daemonsets", "DaemonSet", """{"selector":{},"template":{}}""",
        "DaemonSet.apps \"w\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset")]
    public async Task Workloads_need_a_selector_that_selects_their_pod_template(string resource, string kind, string spec, string message)
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("selector"));
        var reply = await Client.PostAsync($"/apis/apps/v1/namespaces/{ns}/{resource}", "{\"apiVersion\":\"apps/v1\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"w\"},\"spec\":" + spec + "}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal(message, reply.Str("message"));
    }
}
