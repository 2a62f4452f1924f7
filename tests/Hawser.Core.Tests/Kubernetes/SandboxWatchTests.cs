using System.Threading.Channels;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.Sandbox;
using Hawser.Sandbox.Faults;

namespace Hawser.Core.Tests.Kubernetes;

/// <summary>Watches, informers and discovery refresh against the sandbox, including streams the sandbox cuts and compacted history.</summary>
public sealed class SandboxWatchTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private IKubernetesClient Client => sandbox.Client;

    private static async Task<List<WatchEvent>> CollectAsync(IAsyncEnumerable<WatchEvent> events, Func<List<WatchEvent>, bool> done, CancellationToken cancellationToken)
    {
        var seen = new List<WatchEvent>();
        await foreach (var e in events.WithCancellation(cancellationToken))
        {
            if (e.Type == WatchEventType.Bookmark) continue;
            seen.Add(e);
            if (done(seen)) break;
        }
        return seen;
    }

    [Fact]
    public async Task A_watch_from_a_list_reports_what_happens_after_it()
    {
        var ns = await sandbox.NamespaceAsync("watch");
        var ct = TestTimeout.Token();
        await Client.CreateAsync(Objects.ConfigMapOf(ns, "before"), new WriteOptions(), ct);
        var list = await Client.ListAsync(Objects.ConfigMap, new ListOptions(ns), ct);

        var watching = CollectAsync(Client.WatchAsync(Objects.ConfigMap, new WatchOptions(ns, list.ResourceVersion), ct), s => s.Count == 3, ct);
        await Client.CreateAsync(Objects.ConfigMapOf(ns, "web"), new WriteOptions(), ct);
        await Client.ApplyAsync(Objects.ConfigMapOf(ns, "web", "2"), new ApplyOptions(), ct);
        await Client.DeleteAsync(Objects.ConfigMap, ns, "web", new DeleteOptions(), ct);
        var events = await watching;

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(new ResourceKey("", "ConfigMap", ns, "web"), e.Object.Key));
    }

    [Fact]
    public async Task A_watch_resumes_after_the_server_cuts_the_stream_without_losing_or_repeating_events()
    {
        await using var cutting = await SandboxServer.StartAsync(new SandboxOptions { Faults = new FaultOptions { WatchCutAfter = TimeSpan.FromMilliseconds(300) } }, TestTimeout.Token());
        using var connection = KubernetesClientFactory.FromKubeconfig(cutting.KubeconfigPath);
        var client = connection.Client;
        var ct = TestTimeout.Token();
        await client.CreateAsync(Objects.Namespace("cut"), new WriteOptions(), ct);
        var list = await client.ListAsync(Objects.ConfigMap, new ListOptions("cut"), ct);

        var watching = CollectAsync(client.WatchAsync(Objects.ConfigMap, new WatchOptions("cut", list.ResourceVersion), ct), s => s.Count == 12, ct);
        var before = ((KubernetesClient)client).Transport.Requests;
        for (var i = 0; i < 12; i++)
        {
            await client.CreateAsync(Objects.ConfigMapOf("cut", $"cm-{i:D2}"), new WriteOptions(), ct);
            await Task.Delay(100, ct);
        }
        var events = await watching;

        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"cm-{i:D2}"), events.Select(e => e.Object.Name));
        Assert.All(events, e => Assert.Equal(WatchEventType.Added, e.Type));
        var watchConnections = ((KubernetesClient)client).Transport.Requests - before - 12;
        Assert.True(watchConnections >= 2, $"expected the watch to reconnect after cuts, saw {watchConnections} new watch requests");
    }

    [Fact]
    public async Task A_watch_from_a_compacted_resourceVersion_fails_with_Gone()
    {
        await using var small = await SandboxServer.StartAsync(new SandboxOptions { WatchHistorySize = 5 }, TestTimeout.Token());
        using var connection = KubernetesClientFactory.FromKubeconfig(small.KubeconfigPath);
        var ct = TestTimeout.Token();
        await connection.Client.CreateAsync(Objects.Namespace("old"), new WriteOptions(), ct);
        var list = await connection.Client.ListAsync(Objects.ConfigMap, new ListOptions("old"), ct);
        for (var i = 0; i < 20; i++) await connection.Client.CreateAsync(Objects.ConfigMapOf("old", $"cm-{i}"), new WriteOptions(), ct);

        await Assert.ThrowsAsync<GoneException>(() => CollectAsync(connection.Client.WatchAsync(Objects.ConfigMap, new WatchOptions("old", list.ResourceVersion), ct), _ => true, ct));
    }

    [Fact]
    public async Task An_informer_lists_then_follows_changes_and_reports_each_one()
    {
        var ns = await sandbox.NamespaceAsync("inf");
        var ct = TestTimeout.Token();
        for (var i = 0; i < 5; i++) await Client.CreateAsync(Objects.ConfigMapOf(ns, $"cm-{i}"), new WriteOptions(), ct);
        var changes = Channel.CreateUnbounded<InformerChange>();

        await using var informer = Informers.Start(Client, Objects.ConfigMap, new InformerOptions(ns, OnChange: c => changes.Writer.TryWrite(c)));
        await informer.WaitForSyncAsync(ct);
        Assert.Equal(5, informer.Count);
        for (var i = 0; i < 5; i++) Assert.Equal(WatchEventType.Added, (await changes.Reader.ReadAsync(ct)).Type);

        await Client.ApplyAsync(Objects.ConfigMapOf(ns, "cm-0", "changed"), new ApplyOptions(), ct);
        var modified = await changes.Reader.ReadAsync(ct);
        await Client.DeleteAsync(Objects.ConfigMap, ns, "cm-1", new DeleteOptions(), ct);
        var deleted = await changes.Reader.ReadAsync(ct);

        Assert.Equal(WatchEventType.Modified, modified.Type);
        Assert.Equal("changed", modified.Object!.Body["data"]!["key"]!.GetValue<string>());
        Assert.Equal("1", modified.Previous!.Body["data"]!["key"]!.GetValue<string>());
        Assert.Null(modified.Object.Metadata!["managedFields"]);
        Assert.Equal(WatchEventType.Deleted, deleted.Type);
        Assert.Equal("cm-1", deleted.Key.Name);
        Assert.Equal(4, informer.Count);
        Assert.Equal("changed", informer.Get(new ResourceKey("", "ConfigMap", ns, "cm-0"))!.Body["data"]!["key"]!.GetValue<string>());
        Assert.Equal(["cm-0", "cm-2", "cm-3", "cm-4"], informer.List().Select(o => o.Name));
    }

    [Fact]
    public async Task An_informer_for_an_unknown_kind_fails_its_sync()
    {
        await using var informer = Informers.Start(Client, new GroupVersionKind("example.com", "v1", "Nothing"), new InformerOptions());

        await Assert.ThrowsAsync<UnknownKindException>(() => informer.WaitForSyncAsync(TestTimeout.Token()));
    }

    [Fact]
    public async Task Discovery_is_refreshed_when_a_kind_appears_after_a_CRD_is_applied_elsewhere()
    {
        var ct = TestTimeout.Token();
        var widget = new GroupVersionKind("example.com", "v1", "Widget");
        await Assert.ThrowsAsync<UnknownKindException>(() => Client.GetMappingAsync(widget, ct));

        using (var other = KubernetesClientFactory.FromKubeconfig(sandbox.Server.KubeconfigPath))
        {
            await other.Client.ApplyAsync(KubeObject.ParseJson("""
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
                 "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList"},
                  "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
                    "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
                """), new ApplyOptions(), ct);
        }

        var mapping = await RetryUntilServedAsync(() => Client.GetMappingAsync(widget, ct), ct);
        var created = await Client.ApplyAsync(KubeObject.ParseJson("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","namespace":"default"},"spec":{"size":3}}"""), new ApplyOptions(), ct);

        Assert.Equal("widgets", mapping.Resource);
        Assert.True(mapping.HasStatusSubresource);
        Assert.Equal(3, created.Body["spec"]!["size"]!.GetValue<int>());
    }

    // A CRD is served once Established; the sandbox may take a moment, as a real API server does.
    private static async Task<T> RetryUntilServedAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (UnknownKindException) when (attempt < 20)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
