using System.CommandLine;
using System.Text.Json.Nodes;

namespace Hawser.Cli.Commands;

/// <summary><c>hawser repo list</c>: the repositories a server has credentials or settings for (never a password or key).</summary>
internal static class RepoCommand
{
    public static Command Create()
    {
        var command = new Command("repo", "List the repositories a Hawser server knows.");
        var server = new ServerAppCommands.ServerOptions();
        var format = ServerOutput.FormatOption();
        var refresh = new Option<bool>("--refresh") { Description = "Test each repository's connection now." };
        var list = new Command("list", "List the repositories the caller may see: type, name, project, user, connection status.") { format, refresh };
        server.AddTo(list);
        list.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            using var client = server.Require(parsed, null);
            var items = ServerOutput.Items(await client.GetJsonAsync("api/v1/repositories" + (parsed.GetValue(refresh) ? "?forceRefresh=true" : ""), ct));
            ServerOutput.List(items, parsed.GetValue(format)!, ["TYPE", "NAME", "REPO", "PROJECT", "USER", "INSECURE", "STATUS", "MESSAGE"], Row, r => ServerOutput.Text(r["repo"]), Console.Out);
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(list);
        return command;
    }

    private static string[] Row(JsonObject repo) =>
    [
        ServerOutput.Text(repo["type"]), ServerOutput.Text(repo["name"]), ServerOutput.Text(repo["repo"]), ServerOutput.Text(repo["project"]),
        ServerOutput.Text(repo["username"]), ServerOutput.Text(repo["insecure"]),
        ServerOutput.Text(repo["connectionState"]?["status"]), ServerOutput.Text(repo["connectionState"]?["message"]),
    ];
}
