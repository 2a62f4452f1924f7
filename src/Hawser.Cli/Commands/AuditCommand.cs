using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Hawser.Cli.Commands;

/// <summary><c>hawser audit list</c>: the server's audit log (<c>GET /api/v1/audit</c>; an administrator's view), newest first.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Read the audit log of a Hawser server: who did what, to which app, from where, when, and the outcome.");
        var server = new ServerAppCommands.ServerOptions();
        var app = new Option<string?>("--app") { Description = "Only entries about this app." };
        var user = new Option<string?>("--user") { Description = "Only entries of this actor (a user, proj:NAME:ROLE, or controller)." };
        var since = new Option<string?>("--since") { Description = "Only entries since this long ago (30m, 12h, 7d) or this time (2026-01-31T12:00:00Z)." };
        var limit = new Option<int>("--limit") { Description = "At most this many entries (1 to 10000).", DefaultValueFactory = _ => 1000 };
        var format = new Option<string>("--output", "-o") { Description = "table (default), json or yaml.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "yaml");
        var list = new Command("list", "List audit entries, newest first.") { app, user, since, limit, format };
        server.AddTo(list);
        list.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            if (parsed.GetValue(limit) is < 1 or > 10_000) throw new UsageException("--limit must be between 1 and 10000");
            var query = new List<string> { $"limit={parsed.GetValue(limit)}" };
            if (parsed.GetValue(app) is { Length: > 0 } a) query.Add("app=" + Uri.EscapeDataString(a));
            if (parsed.GetValue(user) is { Length: > 0 } u) query.Add("user=" + Uri.EscapeDataString(u));
            if (parsed.GetValue(since) is { Length: > 0 } s) query.Add("since=" + Uri.EscapeDataString(Since(s).ToString("O", CultureInfo.InvariantCulture)));
            using var client = server.Require(parsed, null);
            var items = ServerOutput.Items(await client.GetJsonAsync("api/v1/audit?" + string.Join('&', query), ct));
            ServerOutput.List(items, parsed.GetValue(format)!, ["TIME", "ACTOR", "KIND", "ACTION", "RESOURCE", "OBJECT", "OUTCOME", "SOURCE", "DETAIL"], Row,
                e => ServerOutput.Text(e["id"]), Console.Out);
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(list);
        return command;
    }

    private static DateTimeOffset Since(string text)
    {
        if (DurationText.TryParse(text, out var ago)) return DateTimeOffset.UtcNow - ago;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
        throw new UsageException($"--since \"{text}\": give a duration (30m, 12h, 7d) or a time (2026-01-31T12:00:00Z)");
    }

    private static string[] Row(JsonObject entry) =>
    [
        ServerOutput.Text(entry["at"]), ServerOutput.Text(entry["actor"]), ServerOutput.Text(entry["actorKind"]), ServerOutput.Text(entry["action"]),
        ServerOutput.Text(entry["resource"]), ServerOutput.Text(entry["object"]), ServerOutput.Text(entry["outcome"]), ServerOutput.Text(entry["source"]),
        ServerOutput.Text(entry["detail"]),
    ];
}
