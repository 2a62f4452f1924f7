using System.CommandLine;
using System.Text.Json.Nodes;

namespace Hawser.Cli.Commands;

/// <summary><c>hawser cluster list</c>: the destination clusters of a server and their connection state (never a credential).</summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var command = new Command("cluster", "List the clusters a Hawser server deploys to.");
        var server = new ServerAppCommands.ServerOptions();
        var format = ServerOutput.FormatOption();
        var list = new Command("list", "List the clusters the caller may see: server, name, connection status, apps.") { format };
        server.AddTo(list);
        list.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            using var client = server.Require(parsed, null);
            var items = ServerOutput.Items(await client.GetJsonAsync("api/v1/clusters", ct));
            ServerOutput.List(items, parsed.GetValue(format)!, ["SERVER", "NAME", "PROJECT", "STATUS", "MESSAGE", "APPS"], Row, c => ServerOutput.Text(c["name"]), Console.Out);
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(list);
        return command;
    }

    private static string[] Row(JsonObject cluster) =>
    [
        ServerOutput.Text(cluster["server"]), ServerOutput.Text(cluster["name"]), ServerOutput.Text(cluster["project"]),
        ServerOutput.Text(cluster["connectionState"]?["status"]), ServerOutput.Text(cluster["connectionState"]?["message"]),
        ServerOutput.Text(cluster["info"]?["applicationsCount"]),
    ];
}
