using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Hawser.Apps;
using Hawser.Controller;
using Hawser.State;
using Microsoft.Extensions.Logging;

namespace Hawser.Notifications;

/// <summary>
/// Sends notifications as apps change: listens to <see cref="AppController.AppChanged"/>, and for each changed app
/// evaluates the triggers it is subscribed to (<see cref="Subscriptions"/>), sends the templates of each condition that
/// holds to each destination not yet notified for it, and records what was sent in the state store
/// (<see cref="INotificationSentStore"/>): a condition without <c>oncePer</c> notifies again only after it stopped
/// holding; with <c>oncePer</c>, once per value. An app gone from the catalog is evaluated one last time with
/// <c>metadata.deletionTimestamp</c> set (<c>on-deleted</c>) and its records are dropped. One worker handles apps one at a
/// time; a failed delivery is logged, counted, written to the app's audit trail and tried again after a growing pause.
/// </summary>
public sealed class NotificationController : IAsyncDisposable
{
    private const int KeepPerCondition = 50;
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FirstFailurePause = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxFailurePause = TimeSpan.FromMinutes(30);

    private readonly NotificationEngine _engine;
    private readonly AppController _controller;
    private readonly IStateStore _store;
    private readonly IAppProjectSource _projects;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<string> _changes = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (JsonObject App, int Missing)> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<NotificationKey, (int Failures, DateTimeOffset RetryAt)> _failures = [];
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _worker = Task.CompletedTask;

    public NotificationController(NotificationEngine engine, AppController controller, IStateStore store, IAppProjectSource projects, TimeProvider time, ILogger logger)
    {
        _engine = engine;
        _controller = controller;
        _store = store;
        _projects = projects;
        _time = time;
        _logger = logger;
    }

    /// <summary>Deliveries and failures per service.</summary>
    public NotificationCounters Counters => _engine.Counters;

    /// <summary>Forgets what was sent for apps that no longer exist, then starts following app changes.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var app in await _store.Notifications.ListNotifiedAppsAsync(cancellationToken))
        {
            if (_controller.Catalog.Find(app) is null) await _store.Notifications.ForgetNotificationsAsync(app, cancellationToken);
        }
        _controller.AppChanged += OnAppChanged;
        foreach (var name in _controller.Catalog.Entries.Keys) OnAppChanged(name);
        var config = _engine.Config;
        NotificationLog.Started(_logger, config.Services.Count, config.Triggers.Count, config.Subscriptions.Count);
        _worker = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    private void OnAppChanged(string app)
    {
        if (_queued.TryAdd(app, 0)) _changes.Writer.TryWrite(app);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using (var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                pause.CancelAfter(SweepInterval);
                try
                {
                    await _changes.Reader.WaitToReadAsync(pause.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Time to look for deleted apps.
                }
            }
            while (_changes.Reader.TryRead(out var app))
            {
                _queued.TryRemove(app, out _);
                await GuardAsync(app, () => ProcessAsync(app, cancellationToken));
            }
            foreach (var (app, seen) in _seen.ToList())
            {
                if (_controller.Catalog.Find(app) is not null) continue;
                // Missing at two looks in a row: a catalog being reloaded is not a deletion.
                if (seen.Missing == 0)
                {
                    _seen[app] = (seen.App, 1);
                    continue;
                }
                await GuardAsync(app, () => DeletedAsync(app, seen.App, cancellationToken));
            }
        }
    }

    private async Task GuardAsync(string app, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            NotificationLog.ProcessingFailed(_logger, app, e);
        }
    }

    /// <summary>Evaluates one app's subscriptions now and sends what is due.</summary>
    internal async Task ProcessAsync(string name, CancellationToken cancellationToken)
    {
        if (_controller.Catalog.Find(name) is not { } entry || _controller.StatusOf(name) is not { } status) return;
        var operation = await _store.GetLatestOperationAsync(name, cancellationToken);
        var app = AppStatusJson.Application(entry.App, AppStatusJson.Status(status, operation, []));
        if (!await NotifyAsync(name, entry.App.Application, app, cancellationToken)) return;
        _seen[name] = (app, 0);
    }

    private async Task DeletedAsync(string name, JsonObject last, CancellationToken cancellationToken)
    {
        var app = (JsonObject)last.DeepClone();
        if (app["metadata"] is JsonObject metadata)
            metadata["deletionTimestamp"] = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var definition = ApplicationReader.Read([new Manifests.KubeObject(app)]).Applications.FirstOrDefault();
        if (definition is not null) await NotifyAsync(name, definition, app, cancellationToken);
        await _store.Notifications.ForgetNotificationsAsync(name, cancellationToken);
        _seen.Remove(name);
        foreach (var key in _failures.Keys.Where(k => k.App == name).ToList()) _failures.Remove(key);
    }

    // Returns whether the app has any subscription.
    private async Task<bool> NotifyAsync(string name, Application application, JsonObject app, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string>? projectAnnotations = null;
        try
        {
            projectAnnotations = (await _projects.FindAsync(application.Spec.Project, cancellationToken))?.Metadata.Annotations;
        }
        catch (InvalidOperationException)
        {
            // An invalid project is reported by the controller; its subscriptions are not read.
        }
        var subscriptions = Subscriptions.Resolve(_engine.Config, application.Metadata.Annotations, projectAnnotations, application.Metadata.Labels);
        if (subscriptions.Count == 0) return false;
        var commits = await _engine.CommitsAsync(name, app, cancellationToken);
        foreach (var (trigger, destinations) in subscriptions)
        {
            if (!_engine.Config.Triggers.ContainsKey(trigger))
            {
                if (_warned.Add($"trigger|{name}|{trigger}")) NotificationLog.UnknownTrigger(_logger, name, trigger);
                continue;
            }
            IReadOnlyList<ConditionResult> results;
            try
            {
                results = _engine.RunTrigger(trigger, app, commits);
            }
            catch (NotificationException e)
            {
                if (_warned.Add($"eval|{name}|{e.Message}")) NotificationLog.TriggerFailed(_logger, trigger, name, e.Message);
                continue;
            }
            foreach (var result in results)
            {
                foreach (var destination in destinations)
                {
                    if (!_engine.HasService(destination.Service))
                    {
                        if (_warned.Add($"service|{name}|{destination.Service}")) NotificationLog.UnknownService(_logger, name, destination.Service);
                        continue;
                    }
                    var key = new NotificationKey(name, trigger, result.Condition.Index.ToString(CultureInfo.InvariantCulture), destination.ToString(), result.OncePer);
                    await ApplyAsync(key, result, destination, app, commits, application.Spec.Project, cancellationToken);
                }
            }
        }
        return true;
    }

    private async Task ApplyAsync(NotificationKey key, ConditionResult result, Destination destination, JsonObject app,
        IReadOnlyDictionary<string, CommitMetadata> commits, string project, CancellationToken cancellationToken)
    {
        var sent = _store.Notifications;
        if (!result.Triggered)
        {
            if (result.Condition.OncePer is null) await sent.ClearSentAsync(key, cancellationToken);
            _failures.Remove(key);
            return;
        }
        if (await sent.WasSentAsync(key, cancellationToken)) return;
        var now = _time.GetUtcNow();
        if (_failures.TryGetValue(key, out var failure) && failure.RetryAt > now) return;
        foreach (var template in result.Condition.Send)
        {
            try
            {
                var notification = _engine.Render(template, app, destination, commits, cancellationToken);
                await _engine.DeliverAsync(notification, destination, cancellationToken);
                NotificationLog.Sent(_logger, template, key.Trigger, key.App, key.Destination);
            }
            catch (NotificationException e)
            {
                var failures = _failures.TryGetValue(key, out var previous) ? previous.Failures + 1 : 1;
                var pause = TimeSpan.FromTicks(Math.Min(MaxFailurePause.Ticks, FirstFailurePause.Ticks * (1L << Math.Min(failures - 1, 10))));
                _failures[key] = (failures, _time.GetUtcNow() + pause);
                NotificationLog.Failed(_logger, key.Trigger, key.App, key.Destination, e.Message);
                await AuditAsync(key, project, AuditOutcome.Failed, $"trigger {key.Trigger}, template {template}, to {key.Destination}: {e.Message}", cancellationToken);
                return;
            }
        }
        _failures.Remove(key);
        await sent.MarkSentAsync(key, _time.GetUtcNow(), KeepPerCondition, cancellationToken);
        await AuditAsync(key, project, AuditOutcome.Succeeded, $"trigger {key.Trigger}: {string.Join(", ", result.Condition.Send)} to {key.Destination}", cancellationToken);
    }

    private Task AuditAsync(NotificationKey key, string project, AuditOutcome outcome, string detail, CancellationToken cancellationToken) =>
        _store.Audit.AppendAsync(new AuditEntry(_time.GetUtcNow(), "notifications-controller", "controller", [], null, "notify", "applications",
            key.App, key.App, project, "controller", outcome, detail), cancellationToken);

    /// <summary>Stops following changes; a delivery in progress is cancelled.</summary>
    public async ValueTask DisposeAsync()
    {
        _controller.AppChanged -= OnAppChanged;
        await _stop.CancelAsync();
        try
        {
            await _worker;
        }
        catch (OperationCanceledException)
        {
            // The worker ends this way.
        }
        _stop.Dispose();
        _engine.Dispose();
    }
}
