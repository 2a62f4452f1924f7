using System.CommandLine;
using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.AppSets;
using Hawser.Manifests;
using Hawser.Settings;
using Hawser.State;

namespace Hawser.Cli.Commands;

/// <summary>
/// <c>hawser appset generate|list|get</c>: <c>generate -f FILE</c> prints the Applications the file's ApplicationSets generate,
/// without a cluster (Argo CD's <c>argocd appset generate</c>); <c>list</c> and <c>get</c> show the sets registered in the state
/// store (by a parent app's sync), their conditions and their Applications. Exit codes: 0 ok, 1 error (a set has an error
/// condition), 2 usage.
/// </summary>
internal static class AppSetCommand
{
    public static Command Create()
    {
        var command = new Command("appset", "Generate, list and inspect ApplicationSets (Argo CD format).");
        command.Subcommands.Add(Generate());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Get());
        return command;
    }

    private static Command Generate()
    {
        var file = new Option<string[]>("--file", "-f") { Description = "A file holding ApplicationSets (YAML or JSON); repeatable.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "yaml (default), json (a v1 List) or name.", DefaultValueFactory = _ => "yaml" };
        output.AcceptOnlyFromAmong("yaml", "json", "name");
        var overrides = new Option<string[]>("--repo-override") { Description = "URL=PATH: read repository URL from a local directory instead of Git (repeatable)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory for Git mirrors. Default: $HAWSER_DATA_DIR or ~/.hawser." };
        var settings = new Option<string?>("--settings") { Description = "A directory of Argo CD settings objects: its cluster Secrets are the clusters that clusters generators target (in-cluster is always one)." };
        var command = new Command("generate", "Print the Applications ApplicationSets generate, without a cluster.") { file, output, overrides, dataDir, settings };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var scratch = new ScratchDirectory("appset");
            try
            {
                var sets = await ReadSetsAsync(parsed.GetValue(file) ?? [], cancellationToken);
                var renderer = RenderCommand.CreateRenderer(parsed.GetValue(dataDir), ParseOverrides(parsed.GetValue(overrides) ?? []), noCache: true, scratch.Path);
                var generator = new ApplicationSetGenerator(renderer);
                var clusters = parsed.GetValue(settings) is { } settingsDir
                    ? AppSetCluster.From((await HawserSettings.LoadAsync(new DirectorySettingsSource(settingsDir), cancellationToken)).Clusters)
                    : [];
                var apps = new List<KubeObject>();
                var failed = 0;
                foreach (var set in sets)
                {
                    var generation = await generator.GenerateAsync(set, clusters, cancellationToken);
                    failed += await AppSetOutput.ConditionsAsync(generation);
                    apps.AddRange(generation.Applications.Select(a => a.Definition.Manifest));
                }
                AppSetOutput.Applications(apps, parsed.GetValue(output) ?? "yaml", Console.Out);
                await Console.Out.FlushAsync(cancellationToken);
                return failed > 0 ? ExitCodes.Error : ExitCodes.Ok;
            }
            catch (UsageException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is ManifestException or ApplicationValidationException or SettingsException or IOException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Error;
            }
        });
        return command;
    }

    private static Command List()
    {
        var dataDir = DataDirOption();
        var server = new ServerAppCommands.ServerOptions();
        var command = new Command("list", "List the ApplicationSets registered (by a running server when one is reachable, else in the state store), with their Applications and conditions.") { dataDir };
        server.AddTo(command);
        command.SetAction(async (parsed, ct) => server.Find(parsed, parsed.GetValue(dataDir)) is { } client
            ? await ServerAppCommands.RunAsync(async () =>
            {
                using (client) AppSetOutput.ServerList(ServerOutput.Items(await client.GetJsonAsync("api/v1/applicationsets", ct)), Console.Out);
                return ExitCodes.Ok;
            })
            : await WithStoreAsync(parsed.GetValue(dataDir), async store =>
        {
            var rows = new List<string[]>();
            foreach (var child in await store.ListChildAppsOfKindAsync("ApplicationSet", ct))
            {
                var apps = await store.ListChildAppsAsync(ApplicationSetReconciler.OwnerOf(child.Name), ct);
                var status = await store.GetAppSetStatusAsync(child.Name, ct);
                rows.Add([child.Name, child.Parent, apps.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), AppSetOutput.Summary(status)]);
            }
            if (rows.Count == 0)
            {
                Console.Out.WriteLine("No ApplicationSets are registered (they are registered when the app that renders them syncs).");
                return ExitCodes.Ok;
            }
            AppOutput.Table(["NAME", "PARENT", "APPS", "STATUS"], rows, Console.Out, "");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Get()
    {
        var dataDir = DataDirOption();
        var name = new Argument<string>("name") { Description = "The ApplicationSet." };
        var output = new Option<string>("--output", "-o") { Description = "table (default) or json.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        var server = new ServerAppCommands.ServerOptions();
        var command = new Command("get", "Show a registered ApplicationSet (from a running server when one is reachable): its conditions, the revisions it read and its Applications' status.") { name, dataDir, output };
        server.AddTo(command);
        command.SetAction(async (parsed, ct) => server.Find(parsed, parsed.GetValue(dataDir)) is { } client
            ? await ServerAppCommands.RunAsync(async () =>
            {
                using (client)
                {
                    var set = await client.GetJsonAsync($"api/v1/applicationsets/{Uri.EscapeDataString(parsed.GetValue(name)!)}", ct);
                    if (parsed.GetValue(output) == "json") ServerOutput.One(set, "json", Console.Out);
                    else AppSetOutput.ServerDetails(set, Console.Out);
                    return (set["status"]?["conditions"] as JsonArray ?? []).Any(c => ServerOutput.Text(c?["type"]) == AppSetCondition.ErrorOccurred) ? ExitCodes.Error : ExitCodes.Ok;
                }
            })
            : await WithStoreAsync(parsed.GetValue(dataDir), async store =>
        {
            var setName = parsed.GetValue(name)!;
            var child = await store.GetChildAppAsync("ApplicationSet", setName, ct)
                ?? throw new UsageException($"no ApplicationSet \"{setName}\" is registered (see 'hawser appset list')");
            var status = await store.GetAppSetStatusAsync(setName, ct);
            var apps = new List<(string Name, AppStatusSnapshot? Status)>();
            foreach (var app in await store.ListChildAppsAsync(ApplicationSetReconciler.OwnerOf(setName), ct))
                apps.Add((app.Name, await store.GetAppStatusAsync(app.Name, ct)));
            if (parsed.GetValue(output) == "json") AppSetOutput.Json(child, status, apps, Console.Out);
            else AppSetOutput.Details(child, status, apps, Console.Out);
            return status?.Conditions.Any(c => c.Type == AppSetCondition.ErrorOccurred) == true ? ExitCodes.Error : ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Option<string?> DataDirOption() =>
        new("--data-dir") { Description = "Hawser's data directory holding the state store (default: $HAWSER_DATA_DIR or ~/.hawser)." };

    private static async Task<int> WithStoreAsync(string? dataDir, Func<IStateStore, Task<int>> action, CancellationToken cancellationToken)
    {
        try
        {
            var directory = Path.GetFullPath(dataDir ?? AppEnvironment.DefaultDataDirectory);
            Directory.CreateDirectory(directory);
            await using var store = await StateStores.OpenSqliteAsync(directory, TimeProvider.System, cancellationToken);
            return await action(store);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is StateException or IOException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Error;
        }
    }

    private static async Task<IReadOnlyList<ApplicationSet>> ReadSetsAsync(string[] files, CancellationToken cancellationToken)
    {
        var objects = new List<KubeObject>();
        foreach (var f in files)
        {
            if (!File.Exists(f)) throw new UsageException($"{f}: no such file");
            objects.AddRange(await ManifestReader.ReadFileAsync(f, f, cancellationToken));
        }
        var result = ApplicationReader.Read(objects);
        foreach (var warning in result.Warnings) await Console.Error.WriteLineAsync($"warning: {warning}");
        result.ThrowIfErrors();
        if (result.ApplicationSets.Count == 0)
        {
            var kinds = objects.Select(o => o.Kind).Distinct().ToList();
            throw new UsageException($"no argoproj.io/v1alpha1 ApplicationSet in {string.Join(", ", files)}"
                + (kinds.Count > 0 ? $" (it holds {string.Join(", ", kinds)}; render Applications with 'hawser render -f')" : ""));
        }
        return result.ApplicationSets;
    }

    private static Dictionary<string, string> ParseOverrides(string[] overrides)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in overrides)
        {
            var eq = o.LastIndexOf('=');
            if (eq <= 0 || eq == o.Length - 1) throw new UsageException($"--repo-override {o}: expected URL=PATH");
            var dir = o[(eq + 1)..];
            if (!Directory.Exists(dir)) throw new UsageException($"--repo-override {o}: {dir} is not a directory");
            result[o[..eq]] = Path.GetFullPath(dir);
        }
        return result;
    }
}

/// <summary>How ApplicationSets are shown: conditions on stderr, generated Applications, the list and detail views.</summary>
internal static class AppSetOutput
{
    /// <summary>Writes the generation's error conditions and warnings to stderr; returns how many errors there were.</summary>
    public static async Task<int> ConditionsAsync(AppSetGeneration generation)
    {
        foreach (var warning in generation.Warnings) await Console.Error.WriteLineAsync($"warning: {warning}");
        var errors = generation.Conditions.Where(c => c.Type == AppSetCondition.ErrorOccurred).ToList();
        foreach (var error in errors) await Console.Error.WriteLineAsync($"error: {error.Reason}: {error.Message}");
        return errors.Count;
    }

    public static void Applications(IReadOnlyList<KubeObject> apps, string format, TextWriter output)
    {
        switch (format)
        {
            case "name":
                foreach (var app in apps) output.WriteLine(app.Name);
                break;
            case "json":
                var list = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "List",
                    ["items"] = new JsonArray(apps.Select(a => (JsonNode)a.Body.DeepClone()).ToArray()),
                };
                output.Write(new KubeObject(list).ToIndentedJson() + "\n");
                break;
            default:
                output.Write(ManifestWriter.ToYaml(apps));
                break;
        }
    }

    /// <summary>One word for a set's state: the first error's reason, or the generation note.</summary>
    public static string Summary(AppSetStatusSnapshot? status) =>
        status is null ? "(not generated)"
        : status.Conditions.FirstOrDefault(c => c.Type == AppSetCondition.ErrorOccurred) is { } error ? $"Error: {error.Reason}"
        : "ParametersGenerated";

    /// <summary>The list a server answered: name, project, generated apps, state.</summary>
    public static void ServerList(IReadOnlyList<JsonObject> sets, TextWriter output)
    {
        if (sets.Count == 0)
        {
            output.WriteLine("No ApplicationSets are registered (they are registered when the app that renders them syncs).");
            return;
        }
        AppOutput.Table(["NAME", "PROJECT", "APPS", "STATUS"], sets.Select(s => new[]
        {
            ServerOutput.Text(s["metadata"]?["name"]), ServerOutput.Text(s["spec"]?["template"]?["spec"]?["project"]),
            (s["status"]?["resources"] as JsonArray ?? []).Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ServerSummary(s),
        }).ToList(), output, "");
    }

    /// <summary>One set as a server answered it: conditions and the generated Applications' status.</summary>
    public static void ServerDetails(JsonObject set, TextWriter output)
    {
        output.WriteLine($"Name:        {ServerOutput.Text(set["metadata"]?["name"])}");
        output.WriteLine($"Project:     {ServerOutput.Text(set["spec"]?["template"]?["spec"]?["project"])}");
        output.WriteLine("Conditions:");
        foreach (var c in (set["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>())
            output.WriteLine($"  {ServerOutput.Text(c["type"])}  {ServerOutput.Text(c["reason"])}  {ServerOutput.Text(c["message"])}");
        output.WriteLine();
        AppOutput.Table(["APPLICATION", "SYNC", "HEALTH"], (set["status"]?["resources"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(r => new[] { ServerOutput.Text(r["name"]), ServerOutput.Text(r["status"]), ServerOutput.Text(r["health"]?["status"]) }).ToList(), output, "");
    }

    private static string ServerSummary(JsonObject set) =>
        (set["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => ServerOutput.Text(c["type"]) == AppSetCondition.ErrorOccurred) is { } error
            ? $"Error: {ServerOutput.Text(error["reason"])}"
            : set["status"]?["conditions"] is null ? "(not generated)" : "ParametersGenerated";

    public static void Details(ChildApp set, AppSetStatusSnapshot? status, IReadOnlyList<(string Name, AppStatusSnapshot? Status)> apps, TextWriter output)
    {
        output.WriteLine($"Name:        {set.Name}");
        output.WriteLine($"Parent:      {ApplicationSetReconciler.Describe(set.Parent)}");
        if (status is not null)
        {
            output.WriteLine($"Reconciled:  {status.ReconciledAt:u}");
            output.WriteLine($"Revisions:   {(status.Revisions.Count == 0 ? "(no git generator)" : string.Join(", ", status.Revisions))}");
            output.WriteLine("Conditions:");
            foreach (var c in status.Conditions) output.WriteLine($"  {c.Type}  {c.Reason}  {c.Message}");
        }
        output.WriteLine();
        AppOutput.Table(["APPLICATION", "SYNC", "HEALTH"],
            apps.Select(a => new[] { a.Name, a.Status?.SyncStatus.ToString() ?? "Unknown", a.Status?.Health.ToString() ?? "Unknown" }).ToList(), output, "");
    }

    public static void Json(ChildApp set, AppSetStatusSnapshot? status, IReadOnlyList<(string Name, AppStatusSnapshot? Status)> apps, TextWriter output)
    {
        var json = new JsonObject
        {
            ["name"] = set.Name,
            ["parent"] = set.Parent,
            ["reconciledAt"] = status?.ReconciledAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["revisions"] = new JsonArray((status?.Revisions ?? []).Select(r => (JsonNode)JsonValue.Create(r)).ToArray()),
            ["conditions"] = new JsonArray((status?.Conditions ?? []).Select(c => (JsonNode)new JsonObject { ["type"] = c.Type, ["reason"] = c.Reason, ["message"] = c.Message }).ToArray()),
            ["applications"] = new JsonArray(apps.Select(a => (JsonNode)new JsonObject
            {
                ["name"] = a.Name,
                ["sync"] = a.Status?.SyncStatus.ToString(),
                ["health"] = a.Status?.Health.ToString(),
            }).ToArray()),
        };
        output.Write(json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
