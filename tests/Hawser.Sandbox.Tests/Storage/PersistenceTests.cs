using System.Net;
using Hawser.Sandbox.Tests.Support;
using Hawser.Testing;

namespace Hawser.Sandbox.Tests.Storage;

public sealed class PersistenceTests
{
    [Fact]
    public async Task Objects_crds_versions_and_credentials_survive_a_restart()
    {
        using var data = new TempDirectory("sandbox-restart");
        string uid, rv, token, kubeconfig;
        int port;
        await using (var first = await SandboxServer.StartAsync(new SandboxOptions { DataDirectory = data.Path }, CancellationToken.None))
        {
            using var client = new SandboxClient(first);
            await client.CreateNamespaceAsync("keep");
            var created = await client.CreateConfigMapAsync("keep", "foo");
            uid = created.Str("metadata.uid");
            rv = created.Str("metadata.resourceVersion");
            await client.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                """{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.persist.example.com"},"spec":{"group":"persist.example.com","scope":"Namespaced","names":{"plural":"widgets","kind":"Widget"},"versions":[{"name":"v1","served":true,"storage":true}]}}""");
            token = first.Token;
            port = first.Port;
            kubeconfig = first.KubeconfigPath;
        }
        Assert.True(File.Exists(Path.Combine(data.Path, "objects.db")));
        Assert.True(File.Exists(Path.Combine(data.Path, "ca.crt")));

        await using var second = await SandboxServer.StartAsync(new SandboxOptions { DataDirectory = data.Path }, CancellationToken.None);
        using var again = new SandboxClient(second);
        var read = await again.GetAsync("/api/v1/namespaces/keep/configmaps/foo");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(uid, read.Str("metadata.uid"));
        Assert.Equal(rv, read.Str("metadata.resourceVersion"));
        Assert.Equal(token, second.Token);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/apis/persist.example.com/v1/widgets")).Status);

        var next = await again.CreateConfigMapAsync("keep", "bar");
        Assert.True(long.Parse(next.Str("metadata.resourceVersion")) > long.Parse(rv));
        var stale = await again.GetAsync($"/api/v1/namespaces/keep/configmaps?watch=true&resourceVersion={rv}");
        Assert.Equal(HttpStatusCode.Gone, stale.Status);
        _ = port;
        _ = kubeconfig;
    }

    [Fact]
    public async Task Deletions_are_persisted_too()
    {
        using var data = new TempDirectory("sandbox-delete");
        await using (var first = await SandboxServer.StartAsync(new SandboxOptions { DataDirectory = data.Path }, CancellationToken.None))
        {
            using var client = new SandboxClient(first);
            await client.CreateConfigMapAsync("default", "gone");
            await client.DeleteAsync("/api/v1/namespaces/default/configmaps/gone");
        }
        await using var second = await SandboxServer.StartAsync(new SandboxOptions { DataDirectory = data.Path }, CancellationToken.None);
        using var again = new SandboxClient(second);
        Assert.Equal(HttpStatusCode.NotFound, (await again.GetAsync("/api/v1/namespaces/default/configmaps/gone")).Status);
    }
}
