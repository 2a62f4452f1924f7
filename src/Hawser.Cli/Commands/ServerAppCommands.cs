using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Cli.Commands;

/// <summary>
/// The <c>app</c> verbs that ask a running <c>hawser server</c>: <c>list</c>, <c>refresh</c>, <c>wait</c>, and <c>get</c>/<c>sync</c>
/// by name when a server is reachable (<see cref="ServerClient"/>).
/// </summary>
internal static class ServerAppCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The options naming the server.</summary>
    public sealed class ServerOptions
    {
        public Option<string?> Server { get; } = new("--server") { Description = "The Hawser server's URL (default: $HAWSER_SERVER, else the server running for --data-dir)." };
        public Option<string?> Token { get; } = new("--auth-token") { Description = "A bearer token for --server (default: $HAWSER_AUTH_TOKEN)." };

        public void AddTo(Command command)
        {
            command.Options.Add(Server);
            command.Options.Add(Token);
        }

        public ServerClient? Find(ParseResult parsed, string? dataDirectory) =>
            ServerClient.Find(parsed.GetValue(Server), parsed.GetValue(Token), dataDirectory);

        public ServerClient Require(ParseResult parsed, string? dataDirectory) =>
            Find(parsed, dataDirectory) ?? throw new UsageException("no Hawser server is running for this data directory; start one with 'hawser server', or pass --server URL");
    }

    public static Command List()
    {
        var server = new ServerOptions();
        var dataDir = new Option<string?>("--data-dir") { Description = "Hawser's data directory (default: $HAWSER_DATA_DIR or ~/.hawser)." };
        var format = Format("table (default), wide, json, yaml or name.");
        var command = new Command("list", "List the apps of a running server: project, cluster, namespace, sync, health, revision, last sync.") { dataDir, format };
        server.AddTo(command);
        command.SetAction((parsed, ct) => RunAsync(async () =>
        {
            using var client = server.Require(parsed, parsed.GetValue(dataDir));
            var apps = await client.ListAsync(ct);
            var output = Console.Out;
            switch (parsed.GetValue(format))
            {
                case "json":
                    output.WriteLine(new JsonArray(apps.Select(a => (JsonNode?)a.DeepClone()).ToArray()).ToJsonString(Indented));
                    break;
                case "yaml":
                    foreach (var app in apps) output.Write("---\n" + Manifests.ManifestWriter.ToYaml(app));
                    break;
                case "name":
                    foreach (var app in apps) output.WriteLine(Name(app));
                    break;
                default:
                    var wide = parsed.GetValue(format) == "wide";
                    string[] header = wide
                        ? ["NAME", "PROJECT", "CLUSTER", "NAMESPACE", "SYNC", "HEALTH", "REVISION", "LAST SYNC", "PARENT", "CONDITIONS"]
                        : ["NAME", "PROJECT", "CLUSTER", "NAMESPACE", "SYNC", "HEALTH", "REVISION", "LAST SYNC"];
                    var rows = apps.Select(a => Row(a, wide)).ToList();
                    AppOutput.Table(header, rows, output, "");
                    break;
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Refresh()
    {
        var server = new ServerOptions();
        var dataDir = new Option<string?>("--data-dir") { Description = "Hawser's data directory (default: $HAWSER_DATA_DIR or ~/.hawser)." };
        var name = new Argument<string>("name") { Description = "The app." };
        var hard = new Option<bool>("--hard") { Description = "Also fetch every source again (Argo CD's hard refresh)." };
        var command = new Command("refresh", "Ask the server to refresh an app now (re-read Git, compare with the cluster; sync it if automated).") { name, hard, dataDir };
        server.AddTo(command);
        command.SetAction((parsed, ct) => RunAsync(async () =>
        {
            using var client = server.Require(parsed, parsed.GetValue(dataDir));
            var app = await client.GetAsync(parsed.GetValue(name)!, parsed.GetValue(hard) ? "hard" : "normal", ct);
            PrintSummary(app, Console.Out);
            return StatusExitCode(app);
        }));
        return command;
    }

    public static Command Wait()
    {
        var server = new ServerOptions();
        var dataDir = new Option<string?>("--data-dir") { Description = "Hawser's data directory (default: $HAWSER_DATA_DIR or ~/.hawser)." };
        var name = new Argument<string>("name") { Description = "The app." };
        var health = new Option<bool>("--health") { Description = "Wait until Healthy." };
        var sync = new Option<bool>("--sync") { Description = "Wait until Synced." };
        var operation = new Option<bool>("--operation") { Description = "Wait until no sync is running." };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "Give up after this long (exit 3).", DefaultValueFactory = _ => TimeSpan.FromMinutes(5) };
        var command = new Command("wait", "Wait until an app is Synced, Healthy and idle (or only what --sync/--health/--operation name); for CI.") { name, health, sync, operation, timeout, dataDir };
        server.AddTo(command);
        command.SetAction((parsed, ct) => RunAsync(async () =>
        {
            if (parsed.GetValue(timeout) <= TimeSpan.Zero) throw new UsageException("--timeout must be positive");
            var all = !parsed.GetValue(health) && !parsed.GetValue(sync) && !parsed.GetValue(operation);
            using var client = server.Require(parsed, parsed.GetValue(dataDir));
            var app = await WaitAsync(client, parsed.GetValue(name)!, all || parsed.GetValue(sync), all || parsed.GetValue(health), all || parsed.GetValue(operation), null, parsed.GetValue(timeout), ct);
            PrintSummary(app.App, Console.Out);
            if (!app.Met) Console.Error.WriteLine($"error: app {parsed.GetValue(name)} did not reach the state asked for within {parsed.GetValue(timeout)}");
            return app.Met ? ExitCodes.Ok : ExitCodes.OutOfSyncOrUnhealthy;
        }));
        return command;
    }

    /// <summary><c>app get NAME</c> through the server.</summary>
    public static async Task<int> GetAsync(ServerClient client, string name, string format, CancellationToken ct)
    {
        var app = await client.GetAsync(name, null, ct);
        switch (format)
        {
            case "json":
                Console.Out.WriteLine(app.ToJsonString(Indented));
                break;
            case "yaml":
                Console.Out.Write(Manifests.ManifestWriter.ToYaml(app));
                break;
            default:
                PrintSummary(app, Console.Out);
                var resources = (app["status"]?["resources"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(r => new[] { Text(r["group"]), Text(r["kind"]), Text(r["namespace"]), Text(r["name"]), ResourceStatus(r), Text(r["health"]?["status"]), Text(r["message"]) })
                    .ToList();
                if (resources.Count > 0)
                {
                    Console.Out.WriteLine();
                    AppOutput.Table(["GROUP", "KIND", "NAMESPACE", "NAME", "STATUS", "HEALTH", "MESSAGE"], resources, Console.Out, "");
                }
                break;
        }
        return StatusExitCode(app);
    }

    /// <summary><c>app sync NAME</c> through the server: asks for the sync, waits for its operation to end (and, unless
    /// <paramref name="waitHealth"/> is false, for the app to become healthy), and prints the result.</summary>
    public static async Task<int> SyncAsync(ServerClient client, string name, JsonObject request, bool waitHealth, TimeSpan timeout, CancellationToken ct)
    {
        var before = await client.GetAsync(name, null, ct);
        var previous = before["status"]?["operationState"]?["id"]?.GetValue<long>();
        await client.SyncAsync(name, request, ct);
        var dryRun = request["dryRun"]?.GetValue<bool>() == true;
        var waited = await WaitAsync(client, name, sync: false, health: waitHealth && !dryRun, operation: true, previous, timeout, ct);
        var app = waited.App;
        var op = app["status"]?["operationState"] as JsonObject;
        if (op is null || op["id"]?.GetValue<long>() == previous)
        {
            Console.Error.WriteLine($"error: the sync of {name} did not start within {timeout}");
            return ExitCodes.Error;
        }
        Console.Out.WriteLine($"app {name}: operation {op["id"]} {Text(op["phase"])} at {Short(Text(op["syncResult"]?["revision"]))} — {Text(op["message"])}");
        var rows = (op["syncResult"]?["resources"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(r => new[] { Text(r["syncPhase"]), Wave(r["wave"]), $"{Text(r["group"])}/{Text(r["kind"])}:{Text(r["namespace"])}/{Text(r["name"])}", Text(r["hawserAction"]), Text(r["message"]) })
            .ToList();
        if (rows.Count > 0) AppOutput.Table(["PHASE", "WAVE", "OBJECT", "RESULT", "MESSAGE"], rows, Console.Out, "  ");
        var healthStatus = Text(app["status"]?["health"]?["status"]);
        Console.Out.WriteLine($"  health: {healthStatus}");
        return Text(op["phase"]) switch
        {
            "Error" => ExitCodes.Error,
            "Succeeded" when dryRun || healthStatus == "Healthy" => ExitCodes.Ok,
            _ => ExitCodes.OutOfSyncOrUnhealthy,
        };
    }

    private static async Task<(JsonObject App, bool Met)> WaitAsync(ServerClient client, string name, bool sync, bool health, bool operation,
        long? afterOperation, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var app = await client.GetAsync(name, null, ct);
            var status = app["status"];
            var op = status?["operationState"];
            var opDone = op is null ? afterOperation is null && !IsSyncing(app) : Text(op["phase"]) != "Running" && op["id"]?.GetValue<long>() != afterOperation && !IsSyncing(app);
            if (afterOperation is not null && op?["id"]?.GetValue<long>() == afterOperation) opDone = false;
            var met = (!sync || Text(status?["sync"]?["status"]) == "Synced")
                && (!health || Text(status?["health"]?["status"]) == "Healthy")
                && (!operation || opDone);
            if (met) return (app, true);
            if (DateTimeOffset.UtcNow >= deadline) return (app, false);
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }

    // Argo CD's Application carries `operation` while a sync is requested or running.
    private static bool IsSyncing(JsonObject app) => app["operation"] is JsonObject;

    private static void PrintSummary(JsonObject app, TextWriter output)
    {
        var status = app["status"];
        var spec = app["spec"];
        output.WriteLine($"Name:        {Name(app)}");
        output.WriteLine($"Project:     {Text(spec?["project"])}");
        output.WriteLine($"Destination: {Cluster(app)} / {Text(spec?["destination"]?["namespace"])}");
        output.WriteLine($"Sync:        {Text(status?["sync"]?["status"])} to {Short(Text(status?["sync"]?["revision"]))}");
        var healthMessage = Text(status?["health"]?["message"]);
        output.WriteLine($"Health:      {Text(status?["health"]?["status"])}{(healthMessage.Length > 0 ? " — " + healthMessage : "")}");
        if (status?["operationState"] is JsonObject op)
            output.WriteLine($"Last Sync:   {Text(op["phase"])} (operation {op["id"]}, {Text(op["finishedAt"] ?? op["startedAt"])}) — {Text(op["message"])}");
        foreach (var condition in (status?["conditions"] as JsonArray ?? []).OfType<JsonObject>())
            output.WriteLine($"Condition:   {Text(condition["type"])}: {Text(condition["message"])}");
    }

    private static string[] Row(JsonObject app, bool wide)
    {
        var status = app["status"];
        var op = status?["operationState"];
        var row = new List<string>
        {
            Name(app), Text(app["spec"]?["project"]), Cluster(app), Text(app["spec"]?["destination"]?["namespace"]),
            Text(status?["sync"]?["status"]), Text(status?["health"]?["status"]), Short(Text(status?["sync"]?["revision"])),
            op is null ? "" : $"{Text(op["phase"])} {Text(op["finishedAt"] ?? op["startedAt"])}",
        };
        if (wide)
        {
            row.Add(Text(app["metadata"]?["annotations"]?["hawser.io/parent"]));
            row.Add(string.Join("; ", (status?["conditions"] as JsonArray ?? []).OfType<JsonObject>().Select(c => Text(c["type"]))));
        }
        return [.. row];
    }

    private static int StatusExitCode(JsonObject app) =>
        Text(app["status"]?["sync"]?["status"]) == "Synced" && Text(app["status"]?["health"]?["status"]) == "Healthy" ? ExitCodes.Ok : ExitCodes.OutOfSyncOrUnhealthy;

    private static string ResourceStatus(JsonObject resource) =>
        resource["hawserStatus"] is { } special ? Text(special) : resource["requiresPruning"] is not null ? "RequiresPruning" : Text(resource["status"]);

    private static string Name(JsonObject app) => Text(app["metadata"]?["name"]);

    private static string Cluster(JsonObject app) =>
        Text(app["spec"]?["destination"]?["server"]) is { Length: > 0 } server ? server : Text(app["spec"]?["destination"]?["name"]);

    // The namespace the sync creates runs before every wave.
    private static string Wave(JsonNode? wave) => wave?.GetValue<int>() == int.MinValue ? "ns" : wave?.ToString() ?? "";

    private static string Short(string revision) => revision.Length > 12 ? revision[..12] : revision;

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static Option<string> Format(string description) => new("--output", "-o") { Description = description, DefaultValueFactory = _ => "table" };

    /// <summary>Runs a verb, turning errors into messages and exit codes.</summary>
    internal static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Error;
        }
    }
}
