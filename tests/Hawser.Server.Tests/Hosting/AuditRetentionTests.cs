using Hawser.State;

namespace Hawser.Server.Tests.Hosting;

/// <summary>The audit log of a running server: what the controller did on its own, and the retention sweep.</summary>
public sealed class AuditRetentionTests : IAsyncLifetime
{
    private ServerHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ServerHarness.CreateAsync();
        await _h.Repo.Write("cm/cm.yaml", ServerHarness.ConfigMap("settings", "v1")).Write("cm/extra.yaml", ServerHarness.ConfigMap("extra", "v1"))
            .Write("apps/web.yaml", _h.Application("web", "cm", "web"))
            .CommitAsync("v1", CancellationToken.None);
        await _h.StartServerAsync(o => o with { AuditRetention = TimeSpan.FromDays(30) });
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<IReadOnlyList<AuditEntry>> EntriesAsync(string? app = null) =>
        await _h.Server!.Store.Audit.QueryAsync(new AuditQuery(App: app), CancellationToken.None);

    [Fact]
    public async Task Automated_syncs_and_prunes_are_recorded_with_the_controller_as_actor()
    {
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web"), "web synced");
        await _h.Repo.Delete("cm/extra.yaml").CommitAsync("drop extra", CancellationToken.None);
        await ServerHarness.EventuallyAsync(async () => (await EntriesAsync("web")).Any(e => e.Action == "prune"), "the prune audited", TimeSpan.FromSeconds(30));
        var entries = await EntriesAsync("web");
        Assert.All(entries.Where(e => e.Action is "sync" or "prune"), e =>
        {
            Assert.Equal("controller", e.Actor);
            Assert.Equal("Controller", e.ActorKind);
            Assert.Equal("default/web", e.Object);
        });
        Assert.Contains(entries, e => e.Action == "sync" && e.Outcome == AuditOutcome.Succeeded && e.Detail.StartsWith("automated sync (first sync)", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Action == "prune" && e.Detail.EndsWith("pruned 1 object(s): ConfigMap/web/extra", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Entries_older_than_the_retention_are_swept_and_newer_ones_kept()
    {
        var audit = _h.Server!.Store.Audit;
        var now = DateTimeOffset.UtcNow;
        AuditEntry Entry(DateTimeOffset at, string detail) => new(at, "tester", "Local", [], null, "test", "applications", "default/x", "x", "default", "test", AuditOutcome.Succeeded, detail);
        await audit.AppendAsync(Entry(now.AddDays(-31), "old"), CancellationToken.None);
        await audit.AppendAsync(Entry(now.AddDays(-29), "recent"), CancellationToken.None);
        Assert.Equal(1, await _h.Server.Retention.SweepAsync(CancellationToken.None));
        var left = await EntriesAsync("x");
        Assert.Equal(["recent"], left.Select(e => e.Detail));
    }
}
