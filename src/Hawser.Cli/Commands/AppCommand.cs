using System.CommandLine;
using Hawser.Apps;
using Hawser.Compare;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.Processes;
using Hawser.Rendering;
using Hawser.Sources;
using Hawser.State;
using Hawser.Sync;
using Microsoft.Extensions.Logging;

namespace Hawser.Cli.Commands;

/// <summary>
/// <c>hawser app diff|sync|get|history|rollback|delete</c>: the standalone pipeline on one Application (from <c>-f FILE</c>, or by
/// name for an app registered by a parent app). Exit codes: 0 synced and healthy, 1 error, 2 usage, 3 out of sync or unhealthy
/// (<c>diff</c>: 3 when there is a difference).
/// </summary>
internal static class AppCommand
{
    public static Command Create()
    {
        var command = new Command("app", "Diff, sync, inspect, roll back and delete Applications (Argo CD format).");
        command.Subcommands.Add(Diff());
        command.Subcommands.Add(Sync());
        command.Subcommands.Add(Get());
        command.Subcommands.Add(History());
        command.Subcommands.Add(Rollback());
        command.Subcommands.Add(Delete());
        command.Subcommands.Add(ServerAppCommands.List());
        command.Subcommands.Add(ServerAppCommands.Refresh());
        command.Subcommands.Add(ServerAppCommands.Wait());
        return command;
    }

    private static Argument<string?> NameArgument() => new("name") { Description = "An app registered by a parent app (instead of -f).", Arity = ArgumentArity.ZeroOrOne };

    private static Command Diff()
    {
        var options = new AppOptions();
        var name = NameArgument();
        var command = new Command("diff", "Show how the cluster differs from Git (exit 3 when it does).") { name };
        options.AddTo(command);
        command.SetAction((parsed, ct) => RunAsync(parsed, options, async (env, values, output) =>
        {
            var app = await LoadAsync(env, values, parsed.GetValue(name), ct);
            var report = await env.Service.DiffAsync(app, ct);
            AppOutput.Warnings(report.Warnings);
            AppOutput.Diff(report, output);
            return report.HasDifferences ? ExitCodes.OutOfSyncOrUnhealthy : ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Sync()
    {
        var options = new AppOptions();
        var name = NameArgument();
        var dryRun = new Option<bool>("--dry-run") { Description = "Plan and diff only; change nothing." };
        var prune = new Option<bool>("--prune") { Description = "Delete objects Git no longer declares (automated apps with prune: true always do)." };
        var resources = new Option<string[]>("--resource") { Description = "Sync only this object: GROUP:KIND:NAME or GROUP:KIND:NAMESPACE/NAME (repeatable)." };
        var timeout = new Option<TimeSpan?>("--timeout") { Description = "How long each wave (and, after the sync, the app) may take to become healthy (e.g. 00:05:00). Default 5 minutes." };
        var noChildren = new Option<bool>("--no-children") { Description = "Do not sync automated child apps of an app-of-apps." };
        var waitForLock = new Option<bool>("--wait-for-lock") { Description = "When another sync of the app is in progress, wait for it to end (default: fail at once)." };
        var server = new ServerAppCommands.ServerOptions();
        var noWaitHealth = NoWaitHealthOption();
        var command = new Command("sync",
            "Sync an Application (by name, a running server does it): apply in order (each wave waits for the previous one to be healthy), "
            + "prune, record history. The operation succeeds once every wave is applied and every hook has finished, as in Argo CD; "
            + "the command then waits until the app is healthy (unless --no-wait-health) and exits 3 if it is not.")
        { name, dryRun, prune, resources, timeout, noChildren, noWaitHealth, waitForLock };
        options.AddTo(command);
        server.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            var (client, clientError) = ServerTarget(parsed, options, server, name);
            if (clientError is not null)
            {
                await Console.Error.WriteLineAsync($"error: {clientError}");
                return ExitCodes.Usage;
            }
            if (client is not null)
            {
                using (client) return await ServerAppCommands.RunAsync(async () =>
                {
                    var request = new System.Text.Json.Nodes.JsonObject
                    {
                        ["prune"] = parsed.GetValue(prune),
                        ["dryRun"] = parsed.GetValue(dryRun),
                        ["resources"] = new System.Text.Json.Nodes.JsonArray((parsed.GetValue(resources) ?? []).Select(ParseSelector)
                            .Select(r => (System.Text.Json.Nodes.JsonNode?)new System.Text.Json.Nodes.JsonObject { ["group"] = r.Group, ["kind"] = r.Kind, ["namespace"] = r.Namespace, ["name"] = r.Name }).ToArray()),
                    };
                    return await ServerAppCommands.SyncAsync(client, parsed.GetValue(name)!, request, waitHealth: !parsed.GetValue(noWaitHealth), parsed.GetValue(timeout) ?? TimeSpan.FromMinutes(5), ct);
                });
            }
            return await RunAsync(parsed, options, async (env, values, output) =>
        {
            var app = await LoadAsync(env, values, parsed.GetValue(name), ct);
            var selectors = (parsed.GetValue(resources) ?? []).Select(ParseSelector).ToList();
            var settings = new AppSyncSettings(Initiator(), parsed.GetValue(prune), parsed.GetValue(dryRun), selectors, PositiveTimeout(parsed.GetValue(timeout)), !parsed.GetValue(noChildren),
                WaitForLock: parsed.GetValue(waitForLock), WaitForHealth: !parsed.GetValue(noWaitHealth));
            var view = new ProgressView(output);
            var report = await env.Service.SyncAsync(app, settings, view, ct);
            view.Finish();
            AppOutput.SyncReport(report, output);
            return SyncExitCode(report);
        }, ct);
        });
        return command;
    }

    private static TimeSpan? PositiveTimeout(TimeSpan? timeout) =>
        timeout is { } t && t <= TimeSpan.Zero ? throw new UsageException($"--timeout must be longer than zero (e.g. 00:05:00), not {t}") : timeout;

    private static Command Get()
    {
        var options = new AppOptions();
        var name = NameArgument();
        var format = new Option<string>("--output", "-o") { Description = "table (default), wide, yaml or json.", DefaultValueFactory = _ => "table" };
        var server = new ServerAppCommands.ServerOptions();
        var command = new Command("get", "Show an Application's sync status, health and objects (by name, from a running server when there is one).") { name, format };
        options.AddTo(command);
        server.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            var (client, clientError) = ServerTarget(parsed, options, server, name);
            if (clientError is not null)
            {
                await Console.Error.WriteLineAsync($"error: {clientError}");
                return ExitCodes.Usage;
            }
            if (client is not null)
            {
                using (client) return await ServerAppCommands.RunAsync(() => ServerAppCommands.GetAsync(client, parsed.GetValue(name)!, parsed.GetValue(format) ?? "table", ct));
            }
            return await RunAsync(parsed, options, async (env, values, output) =>
        {
            var app = await LoadAsync(env, values, parsed.GetValue(name), ct);
            var report = await env.Service.GetAsync(app, ct);
            AppOutput.Warnings(report.Warnings);
            AppOutput.Status(report, parsed.GetValue(format) ?? "table", output);
            return report.SyncStatus == AppSyncStatus.Synced && report.Health.Status == Health.HealthStatus.Healthy ? ExitCodes.Ok : ExitCodes.OutOfSyncOrUnhealthy;
        }, ct);
        });
        return command;
    }

    private static Command History()
    {
        var options = new AppOptions();
        var name = NameArgument();
        var command = new Command("history", "List an Application's past syncs (the IDs 'rollback' takes).") { name };
        options.AddTo(command);
        command.SetAction((parsed, ct) => RunAsync(parsed, options, async (env, values, output) =>
        {
            var appName = parsed.GetValue(name) ?? (await LoadAsync(env, values, null, ct)).Name;
            AppOutput.History(await env.Service.HistoryAsync(appName, ct), output);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Rollback()
    {
        var options = new AppOptions();
        var name = new Argument<string>("name") { Description = "The app." };
        var id = new Argument<long>("id") { Description = "The history ID to go back to (see 'hawser app history')." };
        var timeout = new Option<TimeSpan?>("--timeout") { Description = "How long each wave may take to become healthy." };
        var prune = new Option<bool>("--prune") { Description = "Delete objects the earlier revision does not declare." };
        var noWaitHealth = NoWaitHealthOption();
        var command = new Command("rollback", "Re-sync the revision and source of an earlier history entry, then wait until the app is healthy (unless --no-wait-health).")
        {
            name, id, timeout, prune, noWaitHealth,
        };
        options.AddTo(command, withFile: false);
        command.SetAction((parsed, ct) => RunAsync(parsed, options, async (env, values, output) =>
        {
            var view = new ProgressView(output);
            var settings = new AppSyncSettings(Initiator(), parsed.GetValue(prune), HealthTimeout: PositiveTimeout(parsed.GetValue(timeout)), SyncChildren: false,
                WaitForHealth: !parsed.GetValue(noWaitHealth));
            var report = await env.Service.RollbackAsync(parsed.GetValue(name)!, parsed.GetValue(id), settings, view, ct);
            view.Finish();
            AppOutput.SyncReport(report, output);
            return SyncExitCode(report);
        }, ct));
        return command;
    }

    private static Command Delete()
    {
        var options = new AppOptions();
        var name = NameArgument();
        var command = new Command("delete", "Delete every object the Application applied (by its inventory), then forget it.") { name };
        options.AddTo(command);
        command.SetAction((parsed, ct) => RunAsync(parsed, options, async (env, values, output) =>
        {
            var app = await LoadAsync(env, values, parsed.GetValue(name), ct);
            AppOutput.Deleted(await env.Service.DeleteAsync(app, ct), output);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parsed, AppOptions options, Func<AppEnvironment, AppOptions.Values, TextWriter, Task<int>> action, CancellationToken cancellationToken)
    {
        try
        {
            var values = options.Read(parsed);
            using var loggerFactory = LoggerFactory.Create(b =>
            {
                b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
                // Logs go to stderr, so that -o json | jq keeps working with -v.
                b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
                b.AddFilter(_ => values.Verbose);
                b.SetMinimumLevel(values.Verbose ? LogLevel.Debug : LogLevel.Warning);
            });
            await using var env = await AppEnvironment.OpenAsync(values, loggerFactory, cancellationToken);
            return await action(env, values, Console.Out);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is ManifestException or AppDefinitionException or RenderException or PluginConfigException or SourceException or ToolException
            or KubeconfigException or KubernetesApiException or UnknownKindException or StateException or InvalidOperationException
            or FormatException or IOException or HttpRequestException or TimeoutException or Settings.SettingsException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Error;
        }
    }

    private static async Task<AppDefinition> LoadAsync(AppEnvironment env, AppOptions.Values values, string? name, CancellationToken cancellationToken)
    {
        if (values.File is { } file)
        {
            if (!file.Exists) throw new UsageException($"{file.FullName}: no such file");
            var (apps, warnings) = AppDefinition.Read(await UntrustedText.ReadFileAsync(file.FullName, file.FullName, ParseLimits.Default, cancellationToken), file.FullName);
            AppOutput.Warnings(warnings);
            var wanted = values.AppName ?? name;
            if (wanted is not null)
                return apps.FirstOrDefault(a => a.Name == wanted) ?? throw new UsageException($"{file.FullName} has no Application \"{wanted}\" (it has: {string.Join(", ", apps.Select(a => a.Name))})");
            return apps.Count == 1
                ? apps[0]
                : throw new UsageException(apps.Count == 0 ? NoApplication(file.FullName, await File.ReadAllTextAsync(file.FullName, cancellationToken)) : $"{file.FullName} holds {apps.Count} Applications; choose one with --app NAME");
        }
        if (name is null) throw new UsageException("name an app, or give its file with -f FILE");
        return await env.Service.FindRegisteredAsync(name, cancellationToken)
            ?? throw new UsageException($"no app \"{name}\" is registered; give its file with -f FILE (apps rendered by a parent app are registered when the parent syncs)");
    }

    // Says what the file holds instead, and for ApplicationSets where their Applications are.
    private static string NoApplication(string file, string text)
    {
        var objects = ManifestReader.Read(text, file);
        var sets = objects.Where(o => o.Group == ApplicationReader.Group && o.Kind == "ApplicationSet").Select(o => $"\"{o.Name}\"").ToList();
        if (sets.Count > 0)
            return $"{file} holds ApplicationSet {string.Join(", ", sets)}, no Application: see what it generates with 'hawser appset generate -f {file}', "
                + "sync one generated app with 'hawser app sync -f' on that output, or sync the app that renders the set (its apps are then registered by name)";
        var kinds = objects.Select(o => o.Kind).Distinct().ToList();
        return $"{file} holds no argoproj.io/v1alpha1 Application" + (kinds.Count > 0 ? $" (it holds {string.Join(", ", kinds)})" : " (it is empty)");
    }

    // By name and without -f or --sandbox/--kubeconfig, an app is the running server's business when a server is reachable.
    // A client configuration that cannot be read (~/.hawser/config, a bad --server) is the error instead.
    private static (ServerClient? Client, string? Error) ServerTarget(ParseResult parsed, AppOptions options, ServerAppCommands.ServerOptions server, Argument<string?> name)
    {
        if (parsed.GetValue(name) is null || parsed.GetValue(options.File) is not null || parsed.GetValue(options.Sandbox) || parsed.GetValue(options.Kubeconfig) is not null)
            return (null, null);
        try
        {
            return (server.Find(parsed, parsed.GetValue(options.DataDirectory)), null);
        }
        catch (UsageException e)
        {
            return (null, e.Message);
        }
    }

    private static ResourceSelector ParseSelector(string text)
    {
        try
        {
            return ResourceSelector.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static int SyncExitCode(AppSyncReport report) => report.Sync.Phase switch
    {
        OperationPhase.Error => ExitCodes.Error,
        _ when report.SucceededAndHealthy => ExitCodes.Ok,
        _ => ExitCodes.OutOfSyncOrUnhealthy,
    };

    private static Option<bool> NoWaitHealthOption() => new("--no-wait-health")
    {
        Description = "Return once the operation ends instead of waiting for the app to become healthy (it may still be Progressing).",
    };

    private static string Initiator() => $"cli:{Environment.UserName}";
}
