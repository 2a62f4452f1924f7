using Hawser.Core.Tests.State;
using Hawser.State;
using Microsoft.Data.Sqlite;

namespace Hawser.Core.Tests.Auth;

public sealed class AuditLogTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static AuditEntry Entry(DateTimeOffset at, string actor, string? app, string action = "sync") =>
        new(at, actor, "local", ["team-a"], "tok-1", action, "applications", $"team-a/{app}", app, "team-a", "127.0.0.1", AuditOutcome.Succeeded, "");

    [Fact]
    public async Task Entries_are_queried_by_app_user_and_time_newest_first_and_pruned_by_retention()
    {
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        await using var store = await StateStores.OpenInMemoryAsync(new ManualTimeProvider(start), Ct);
        await store.Audit.AppendAsync(Entry(start, "alice", "web"), Ct);
        await store.Audit.AppendAsync(Entry(start.AddDays(1), "bob", "web"), Ct);
        await store.Audit.AppendAsync(Entry(start.AddDays(2), "alice", "api", "delete"), Ct);

        Assert.Equal(["bob", "alice"], (await store.Audit.QueryAsync(new AuditQuery(App: "web"), Ct)).Select(e => e.Actor));
        Assert.Equal(["api", "web"], (await store.Audit.QueryAsync(new AuditQuery(Actor: "alice"), Ct)).Select(e => e.App));
        var recent = Assert.Single(await store.Audit.QueryAsync(new AuditQuery(Since: start.AddDays(2)), Ct));
        Assert.Equal(("delete", "team-a", "tok-1", "127.0.0.1"), (recent.Action, recent.Project, recent.TokenId, recent.Source));
        Assert.Equal(["team-a"], recent.Groups);

        Assert.Equal(1, await store.Audit.PruneAsync(start.AddHours(12), Ct));
        Assert.Equal(2, (await store.Audit.QueryAsync(new AuditQuery(), Ct)).Count);
    }

    [Fact]
    public async Task The_audit_table_refuses_updates()
    {
        using var dir = new Hawser.Testing.TempDirectory("hawser-audit");
        await using (var store = await StateStores.OpenSqliteAsync(dir.Path, TimeProvider.System, Ct))
            await store.Audit.AppendAsync(Entry(DateTimeOffset.UtcNow, "alice", "web"), Ct);
        await using var connection = new SqliteConnection(StateStores.FileConnectionString(Path.Combine(dir.Path, StateStores.DatabaseFileName)));
        await connection.OpenAsync(Ct);
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE audit_log SET actor = 'mallory'";
        var e = await Assert.ThrowsAsync<SqliteException>(() => update.ExecuteNonQueryAsync(Ct));
        Assert.Contains("append-only", e.Message, StringComparison.Ordinal);
    }
}
