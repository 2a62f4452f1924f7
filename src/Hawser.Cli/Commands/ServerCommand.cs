using System.CommandLine;
using System.Runtime.InteropServices;
using Hawser.Controller;
using Hawser.Server;
using Microsoft.Extensions.Logging;

namespace Hawser.Cli.Commands;

/// <summary>
/// <c>hawser server</c>: runs the controller (every app kept in sync, continuously) with its HTTP endpoint until SIGTERM or
/// Ctrl+C. Apps come from Git only: root Application files (<c>--root</c>) or a directory of Argo CD manifests in a
/// repository (<c>--repo URL --path P</c>), and the apps they register.
/// </summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var roots = new Option<string[]>("--root") { Description = "A file of root Applications (repeatable).", AllowMultipleArgumentsPerToken = false };
        var repo = new Option<string?>("--repo") { Description = "A Git repository holding Application/ApplicationSet/AppProject manifests (with --path)." };
        var path = new Option<string?>("--path") { Description = "The directory of those manifests in --repo.", DefaultValueFactory = _ => "." };
        var revision = new Option<string>("--revision") { Description = "The branch, tag or commit of --repo.", DefaultValueFactory = _ => "HEAD" };
        var listen = new Option<string>("--listen") { Description = "HTTP address (health endpoints and API).", DefaultValueFactory = _ => "127.0.0.1:8080" };
        var interval = new Option<TimeSpan?>("--reconcile-interval") { Description = "How often every app is refreshed (default: argocd-cm's timeout.reconciliation, else 3 minutes)." };
        var poll = new Option<TimeSpan?>("--repo-poll-interval") { Description = "How often each repository is checked for new commits (default: the reconcile interval)." };
        var statusWorkers = new Option<int>("--status-processors") { Description = "Apps refreshed at once.", DefaultValueFactory = _ => ControllerOptions.Default.StatusProcessors };
        var syncWorkers = new Option<int>("--operation-processors") { Description = "Apps synced at once.", DefaultValueFactory = _ => ControllerOptions.Default.OperationProcessors };
        var images = new Option<TimeSpan>("--image-update-interval")
        {
            Description = "How often image update automation (Argo CD Image Updater's annotations) looks for new image versions; 0 turns it off.",
            DefaultValueFactory = _ => TimeSpan.FromMinutes(2),
        };
        var ui = new Option<string?>("--ui-dir") { Description = "The web UI's built files (default: ui/dist of the source checkout, or wwwroot beside the binary)." };
        var auditRetention = DurationText.Option("--audit-retention", "How long audit log entries are kept, e.g. 30d or 2160h (default 90d; 0 keeps them forever).");
        var options = new AppOptions();
        var command = new Command("server", "Run the controller: keep every app in sync with Git, continuously (until SIGTERM or Ctrl+C).")
        {
            roots, repo, path, revision, listen, interval, poll, statusWorkers, syncWorkers, images, ui, auditRetention,
        };
        options.AddTo(command, withFile: false);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                var values = options.Read(parsed);
                var sources = new List<RootSource>();
                sources.AddRange((parsed.GetValue(roots) ?? []).Select(r => new RootSource.File(r)));
                if (parsed.GetValue(repo) is { Length: > 0 } repoUrl) sources.Add(new RootSource.Repository(repoUrl, parsed.GetValue(path) ?? ".", parsed.GetValue(revision) ?? "HEAD"));
                if (sources.Count == 0) throw new UsageException("give the root Applications: --root FILE (repeatable) or --repo URL --path P");
                var settings = await SettingsOptions.LoadAsync(values.SettingsDirectory, values.SettingsAllowExec, cancellationToken);
                var reconcile = Positive(parsed.GetValue(interval) ?? settings.Config.Reconciliation.Timeout, "--reconcile-interval");
                var controller = ControllerOptions.Default with
                {
                    ReconcileInterval = reconcile,
                    ReconcileJitter = parsed.GetValue(interval) is null ? settings.Config.Reconciliation.Jitter : reconcile / 6,
                    RepoPollInterval = Positive(parsed.GetValue(poll) ?? reconcile, "--repo-poll-interval"),
                    StatusProcessors = Math.Max(1, parsed.GetValue(statusWorkers)),
                    OperationProcessors = Math.Max(1, parsed.GetValue(syncWorkers)),
                };
                var kubeconfig = values.Kubeconfig;
                var context = values.Context;
                if (values.Sandbox)
                {
                    kubeconfig = SandboxCommand.RunningKubeconfig(values.SandboxDirectory)
                        ?? throw new UsageException("the sandbox is not running; start it with 'hawser sandbox start'");
                    context = null;
                }
                var serverOptions = new ServerOptions(parsed.GetValue(listen)!, values.DataDirectory ?? AppEnvironment.DefaultDataDirectory, sources, kubeconfig, context, controller)
                {
                    RepositoryOverrides = values.RepositoryOverrides,
                    AllowedKustomizeBuildOptions = values.AllowedKustomizeBuildOptions,
                    Settings = settings,
                    UiDirectory = parsed.GetValue(ui),
                    PluginsPath = values.PluginsPath,
                    ExtraHealthChecks = values.HealthChecksFile is null ? null : await HealthChecksAsync(values.HealthChecksFile, cancellationToken),
                    ClientOptions = new Kubernetes.KubernetesClientOptions(Qps: values.Qps, Burst: values.Burst),
                    ImageUpdateInterval = parsed.GetValue(images) >= TimeSpan.Zero
                        ? parsed.GetValue(images)
                        : throw new UsageException("--image-update-interval must be zero (off) or positive (e.g. 00:02:00)"),
                    AuditRetention = parsed.GetValue(auditRetention) ?? ServerOptions.DefaultAuditRetention,
                };
                return await RunAsync(serverOptions, values.Verbose, cancellationToken);
            }
            catch (UsageException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is FormatException or IOException or Kubernetes.KubeconfigException or State.StateException or Settings.SettingsException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Error;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(ServerOptions options, bool verbose, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(b =>
        {
            b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
            b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            b.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
            // One line per HTTP request is noise for an operator; ASP.NET Core speaks up for warnings only.
            if (!verbose) b.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        await using var server = await HawserServer.StartAsync(options, loggerFactory, stop.Token);
        Console.WriteLine($"hawser server listening on {server.Url} (data directory {Path.GetFullPath(options.DataDirectory)})");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("hawser server stopping");
        }
        return ExitCodes.Ok;
    }

    private static async Task<Health.CustomHealthChecks> HealthChecksAsync(string file, CancellationToken cancellationToken)
    {
        var checks = await Health.CustomHealthChecks.LoadFileAsync(file, cancellationToken);
        AppOutput.Warnings(checks.Problems.Select(p => $"{file}: {p}"));
        return checks;
    }

    private static TimeSpan Positive(TimeSpan value, string option) =>
        value > TimeSpan.Zero ? value : throw new UsageException($"{option} must be positive (e.g. 00:00:30)");
}
