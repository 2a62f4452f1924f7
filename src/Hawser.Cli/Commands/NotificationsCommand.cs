using System.CommandLine;
using System.Text.Json.Nodes;
using Hawser.Manifests;
using Hawser.Notifications;
using Hawser.Settings;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Cli.Commands;

/// <summary>
/// <c>hawser notifications</c>: try a notifications configuration (<c>argocd-notifications-cm</c> and
/// <c>argocd-notifications-secret</c> of <c>--settings DIR</c>) on one app, as Argo CD's
/// <c>argocd admin notifications</c> does. <c>trigger run TRIGGER APP</c> prints whether each condition holds;
/// <c>template notify TEMPLATE APP --recipient SERVICE:RECIPIENT</c> renders and sends. APP is an Application file
/// (<c>-f FILE</c>, or a path) or the name of an app of the running server, read with its status. Exit codes: 0 ok, 1
/// error, 2 usage.
/// </summary>
internal static class NotificationsCommand
{
    public static Command Create()
    {
        var command = new Command("notifications", "Test notification triggers and templates (argocd-notifications-cm) on an app.");
        var trigger = new Command("trigger", "Notification triggers.");
        trigger.Subcommands.Add(TriggerRun());
        var template = new Command("template", "Notification templates.");
        template.Subcommands.Add(TemplateNotify());
        command.Subcommands.Add(trigger);
        command.Subcommands.Add(template);
        return command;
    }

    private sealed class CommonOptions
    {
        public Option<string?> Settings { get; } = new("--settings") { Description = "A directory of Argo CD settings manifests holding argocd-notifications-cm and argocd-notifications-secret." };
        public Option<string?> File { get; } = new("--file", "-f") { Description = "An Application file (YAML or JSON, with its status) instead of an app of the running server." };
        public Option<string?> DataDir { get; } = new("--data-dir") { Description = "Hawser's data directory (default: $HAWSER_DATA_DIR or ~/.hawser)." };
        public ServerAppCommands.ServerOptions Server { get; } = new();

        public void AddTo(Command command)
        {
            command.Options.Add(Settings);
            command.Options.Add(File);
            command.Options.Add(DataDir);
            Server.AddTo(command);
        }

        public async Task<NotificationEngine> EngineAsync(ParseResult parsed, CancellationToken cancellationToken)
        {
            var settings = await SettingsOptions.LoadAsync(parsed.GetValue(Settings), allowExec: false, cancellationToken);
            var config = NotificationConfigReader.Read(settings);
            AppOutput.Warnings(config.Warnings.Select(w => $"settings: {w}"));
            return new NotificationEngine(config, TimeProvider.System, NullLogger.Instance);
        }

        // APP: -f FILE, an existing file, or an app of the running server.
        public async Task<JsonObject> AppAsync(ParseResult parsed, string? app, CancellationToken cancellationToken)
        {
            var file = parsed.GetValue(File) ?? (app is not null && System.IO.File.Exists(app) ? app : null);
            if (file is not null)
            {
                var objects = ManifestReader.Read(await System.IO.File.ReadAllTextAsync(file, cancellationToken), file)
                    .Where(o => o.Kind == "Application" && (app is null || app == file || o.Name == app)).ToList();
                return objects.Count == 1 ? objects[0].Body
                    : throw new UsageException(objects.Count == 0 ? $"{file}: no Application{(app is null || app == file ? "" : $" named '{app}'")}" : $"{file}: several Applications; name one");
            }
            if (app is null) throw new UsageException("name an app, or give an Application file with -f");
            using var client = Server.Require(parsed, parsed.GetValue(DataDir));
            return await client.GetAsync(app, null, cancellationToken);
        }
    }

    private static Command TriggerRun()
    {
        var common = new CommonOptions();
        var name = new Argument<string>("TRIGGER") { Description = "The trigger's name (trigger.NAME, or a default trigger such as on-deployed)." };
        var app = new Argument<string?>("APP") { Description = "The app's name, or an Application file.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("run", "Evaluate a trigger on an app: each condition, whether it holds, its oncePer value and its templates.") { name, app };
        common.AddTo(command);
        command.SetAction((parsed, ct) => RunAsync(async () =>
        {
            using var engine = await common.EngineAsync(parsed, ct);
            var application = await common.AppAsync(parsed, parsed.GetValue(app), ct);
            var results = engine.RunTrigger(parsed.GetValue(name)!, application, new Dictionary<string, CommitMetadata>());
            var rows = results.Select(r => new[] { r.Condition.When.Source, r.Triggered ? "true" : "false", r.OncePer, string.Join(", ", r.Condition.Send) }).ToList();
            AppOutput.Table(["CONDITION", "RESULT", "ONCE PER", "SEND"], rows, Console.Out, "");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command TemplateNotify()
    {
        var common = new CommonOptions();
        var name = new Argument<string>("TEMPLATE") { Description = "The template's name (template.NAME, or a default template such as app-deployed)." };
        var app = new Argument<string?>("APP") { Description = "The app's name, or an Application file.", Arity = ArgumentArity.ZeroOrOne };
        var recipients = new Option<string[]>("--recipient") { Description = "SERVICE:RECIPIENT to send to (repeatable), e.g. slack:deploys or team-robot: for a robot.", Required = true };
        var command = new Command("notify", "Render a template for an app and send it to the recipients.") { name, app, recipients };
        common.AddTo(command);
        command.SetAction((parsed, ct) => RunAsync(async () =>
        {
            using var engine = await common.EngineAsync(parsed, ct);
            var application = await common.AppAsync(parsed, parsed.GetValue(app), ct);
            var failed = 0;
            foreach (var destination in (parsed.GetValue(recipients) ?? []).Select(Destination.Parse))
            {
                try
                {
                    var notification = engine.Render(parsed.GetValue(name)!, application, destination, new Dictionary<string, CommitMetadata>(), ct);
                    await engine.DeliverAsync(notification, destination, ct);
                    Console.Out.WriteLine($"sent {parsed.GetValue(name)} to {destination}");
                }
                catch (NotificationException e)
                {
                    failed++;
                    await Console.Error.WriteLineAsync($"error: {destination}: {e.Message}");
                }
            }
            return failed > 0 ? ExitCodes.Error : ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await ServerAppCommands.RunAsync(action);
        }
        catch (Exception e) when (e is SettingsException or NotificationException or ManifestException or IOException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Error;
        }
    }
}
