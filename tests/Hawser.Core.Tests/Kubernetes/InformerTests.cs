using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Hawser.Kubernetes;
using Hawser.Manifests;

namespace Hawser.Core.Tests.Kubernetes;

/// <summary>The informer loop against a scripted client: re-list after 410 and the differences it reports.</summary>
public sealed class InformerTests
{
    [Fact]
    public async Task After_a_410_the_informer_lists_again_and_reports_what_changed_meanwhile()
    {
        var client = new ScriptedClient();
        client.Lists.Enqueue(new KubeObjectList([Cm("a", "1"), Cm("b", "1"), Cm("c", "1")], "10"));
        client.Lists.Enqueue(new KubeObjectList([Cm("a", "1"), Cm("b", "7"), Cm("d", "8")], "20"));
        var changes = Channel.CreateUnbounded<InformerChange>();

        await using var informer = (Informer)Informers.Start(client, Objects.ConfigMap, new InformerOptions(OnChange: c => changes.Writer.TryWrite(c)));
        await informer.WaitForSyncAsync(TestTimeout.Token());
        var seen = new List<InformerChange>();
        while (seen.Count < 6) seen.Add(await changes.Reader.ReadAsync(TestTimeout.Token()));

        Assert.Equal(3, seen.Count(c => c.Type == WatchEventType.Added && c.Previous is null && c.Key.Name is "a" or "b" or "c"));
        var afterRelist = seen.Skip(3).ToList();
        Assert.Contains(afterRelist, c => c.Type == WatchEventType.Modified && c.Key.Name == "b" && c.Previous!.ResourceVersion == "1");
        Assert.Contains(afterRelist, c => c.Type == WatchEventType.Added && c.Key.Name == "d");
        Assert.Contains(afterRelist, c => c.Type == WatchEventType.Deleted && c.Key.Name == "c");
        Assert.DoesNotContain(afterRelist, c => c.Key.Name == "a");
        // The changes of the re-list are reported before the next watch starts: wait for it rather than race it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (client.WatchCount < 2 && DateTime.UtcNow < deadline) await Task.Delay(10, TestTimeout.Token());
        Assert.Equal(["10", "20"], client.WatchedFromSnapshot().Take(2));
        Assert.Equal(["a", "b", "d"], informer.List().Select(o => o.Name));
        Assert.True(informer.Lists >= 2);
    }

    [Fact]
    public async Task Listing_one_namespace_while_watch_events_arrive_gives_a_consistent_snapshot_of_that_namespace()
    {
        var client = new ScriptedClient();
        client.Lists.Enqueue(new KubeObjectList([], "10"));
        await using var informer = (Informer)Informers.Start(client, Objects.ConfigMap, new InformerOptions());
        await informer.WaitForSyncAsync(TestTimeout.Token());

        const int Count = 20_000;
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < Count; i++) informer.Observe(Cm($"cm-{i:D5}", (11 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), i % 2 == 0 ? "even" : "odd"));
        });
        while (!writer.IsCompleted)
        {
            var even = informer.List("even");
            Assert.All(even, o => Assert.Equal("even", o.Namespace));
        }
        await writer;

        Assert.Equal(Count / 2, informer.List("odd").Count);
        Assert.Equal(Count, informer.List().Count);
    }

    private static KubeObject Cm(string name, string resourceVersion, string @namespace = "ns") =>
        KubeObject.ParseJson($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","namespace":"{{{@namespace}}}","resourceVersion":"{{{resourceVersion}}}"}}""");

    /// <summary>Lists answer from a queue; the first watch fails with 410 at once, later ones wait to be cancelled.</summary>
    private sealed class ScriptedClient : IKubernetesClient
    {
        public Queue<KubeObjectList> Lists { get; } = new();

        public List<string> WatchedFrom { get; } = [];

        public int WatchCount
        {
            get { lock (WatchedFrom) return WatchedFrom.Count; }
        }

        public List<string> WatchedFromSnapshot()
        {
            lock (WatchedFrom) return [.. WatchedFrom];
        }

        public Task<KubeObjectList> ListAsync(GroupVersionKind kind, ListOptions options, CancellationToken cancellationToken) =>
            Task.FromResult(Lists.Count > 0 ? Lists.Dequeue() : new KubeObjectList([], "99"));

        public async IAsyncEnumerable<WatchEvent> WatchAsync(GroupVersionKind kind, WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            int count;
            lock (WatchedFrom)
            {
                WatchedFrom.Add(options.ResourceVersion);
                count = WatchedFrom.Count;
            }
            if (count == 1) throw new GoneException("", "too old resource version");
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }

        public Task<ResourceMapping> GetMappingAsync(GroupVersionKind kind, CancellationToken cancellationToken) => throw new InvalidOperationException("not scripted");
        public void InvalidateDiscovery() => throw new InvalidOperationException("not scripted");
        public Task<KubeObject?> GetAsync(GroupVersionKind kind, string @namespace, string name, CancellationToken cancellationToken) => throw new InvalidOperationException("not scripted");
        public Task<KubeObject> CreateAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) => throw new InvalidOperationException("not scripted");
        public Task<KubeObject> UpdateAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) => throw new InvalidOperationException("not scripted");
        public Task<KubeObject> UpdateStatusAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) => throw new InvalidOperationException("not scripted");
        public Task<KubeObject> ApplyAsync(KubeObject obj, ApplyOptions options, CancellationToken cancellationToken) => throw new InvalidOperationException("not scripted");
        public Task<KubeObject> PatchAsync(GroupVersionKind kind, string @namespace, string name, PatchType type, string patch, WriteOptions options, CancellationToken cancellationToken) => throw new InvalidOperationException("not scripted");
        public Task<bool> DeleteAsync(GroupVersionKind kind, string @namespace, string name, DeleteOptions options, CancellationToken cancellationToken) => throw new InvalidOperationException("not scripted");
    }
}
