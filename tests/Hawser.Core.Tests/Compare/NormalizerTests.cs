using System.Text;
using Hawser.Compare;
using Hawser.Core.Tests.Fakes;

namespace Hawser.Core.Tests.Compare;

public sealed class NormalizerTests
{
    [Fact]
    public void Server_assigned_fields_status_and_managed_fields_are_dropped()
    {
        var live = Yaml.One("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: default
              uid: "1234"
              resourceVersion: "42"
              generation: 3
              creationTimestamp: "2026-01-01T00:00:00Z"
              selfLink: /apis/apps/v1/namespaces/default/deployments/web
              managedFields: [{manager: hawser}]
              annotations:
                kubectl.kubernetes.io/last-applied-configuration: "{}"
            spec:
              replicas: 2
            status:
              readyReplicas: 2
            """);
        var normal = Normalizer.Normalize(live);
        var metadata = normal.Metadata!;
        foreach (var field in (string[])["uid", "resourceVersion", "generation", "creationTimestamp", "selfLink", "managedFields", "annotations"])
            Assert.False(metadata.ContainsKey(field), field);
        Assert.Null(normal.Body["status"]);
        Assert.Equal(2L, normal.Body["spec"]!["replicas"]!.GetValue<long>());
    }

    [Fact]
    public void Normalising_never_changes_the_object_it_was_given()
    {
        var live = Yaml.One("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a, uid: x}
            status: {}
            """);
        Normalizer.Normalize(live);
        Assert.Equal("x", live.Uid);
        Assert.NotNull(live.Body["status"]);
    }

    [Fact]
    public void Secret_string_data_is_folded_into_base64_data()
    {
        var secret = Yaml.One("""
            apiVersion: v1
            kind: Secret
            metadata: {name: s}
            data: {a: YQ==}
            stringData: {b: hello}
            """);
        var normal = Normalizer.Normalize(secret);
        Assert.Null(normal.Body["stringData"]);
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("hello")), normal.Body["data"]!["b"]!.GetValue<string>());
        Assert.Equal("YQ==", normal.Body["data"]!["a"]!.GetValue<string>());
    }
}
