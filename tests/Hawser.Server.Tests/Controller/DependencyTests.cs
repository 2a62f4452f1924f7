using Hawser.Controller;
using Hawser.State;

namespace Hawser.Server.Tests.Controller;

/// <summary><c>hawser.io/depends-on</c>: an app syncs after the apps it names are Synced and Healthy; a cycle is a condition.</summary>
public sealed class DependencyTests : IAsyncLifetime
{
    private ServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ServerHarness.CreateAsync(simulationDelay: TimeSpan.FromSeconds(1));

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static string Deployment(string name) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{{name}}}}
        spec:
          replicas: 1
          selector: {matchLabels: {app: {{{name}}}}}
          template:
            metadata: {labels: {app: {{{name}}}}}
            spec: {containers: [{name: c, image: nginx}]}
        """;

    [Fact]
    public async Task An_app_syncs_only_after_the_app_it_depends_on_is_synced_and_healthy()
    {
        await _h.Repo.Write("apps/database.yaml", _h.Application("database", "database", "database"))
            .Write("apps/api.yaml", _h.Application("api", "api", "api", annotations: "{hawser.io/depends-on: database}"))
            .Write("database/deploy.yaml", Deployment("db"))
            .Write("api/cm.yaml", ServerHarness.ConfigMap("settings", "ok")).CommitAsync("two apps", CancellationToken.None);
        await _h.StartServerAsync();

        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("api"), "api Synced and Healthy");
        var store = _h.Server!.Store;
        var database = (await store.GetHistoryAsync("database", CancellationToken.None)).Single();
        var api = (await store.GetHistoryAsync("api", CancellationToken.None)).Single();
        // The database Deployment takes a second to become available; api's sync waited for it.
        Assert.True(api.StartedAt >= database.DeployedAt, $"api started at {api.StartedAt:O}, database synced at {database.DeployedAt:O}");
        Assert.True(api.StartedAt >= database.StartedAt.AddSeconds(1), $"api started at {api.StartedAt:O}, before the database could be healthy (its sync started at {database.StartedAt:O})");
    }

    [Fact]
    public async Task A_dependency_cycle_is_a_condition_and_nothing_in_it_syncs()
    {
        await _h.Repo.Write("apps/a.yaml", _h.Application("a", "a", "a", annotations: "{hawser.io/depends-on: b}"))
            .Write("apps/b.yaml", _h.Application("b", "b", "b", annotations: "{hawser.io/depends-on: a}"))
            .Write("apps/c.yaml", _h.Application("c", "c", "c"))
            .Write("a/cm.yaml", ServerHarness.ConfigMap("settings", "a"))
            .Write("b/cm.yaml", ServerHarness.ConfigMap("settings", "b"))
            .Write("c/cm.yaml", ServerHarness.ConfigMap("settings", "c")).CommitAsync("a cycle", CancellationToken.None);
        await _h.StartServerAsync();

        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("c"), "c Synced and Healthy");
        await _h.EventuallyAsync(() => _h.Controller.StatusOf("a") is not null && _h.Controller.StatusOf("b") is not null, "a and b refreshed");
        foreach (var app in new[] { "a", "b" })
        {
            var status = _h.Controller.StatusOf(app)!;
            var cycle = Assert.Single(status.Conditions, c => c.Type == AppCondition.DependencyCycleError);
            Assert.Contains("a → b → a", cycle.Message.Replace("b → a → b", "a → b → a", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Equal(AppSyncStatus.OutOfSync, status.Sync);
            Assert.Empty(await _h.Server!.Store.GetHistoryAsync(app, CancellationToken.None));
        }
    }
}
