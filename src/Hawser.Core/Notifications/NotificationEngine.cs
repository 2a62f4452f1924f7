using System.Text.Json.Nodes;
using Hawser.Notifications.Services;
using Microsoft.Extensions.Logging;

namespace Hawser.Notifications;

/// <summary>
/// Evaluates triggers and renders and delivers templates for one configuration (<see cref="NotificationConfig"/>): the
/// part of notifications that needs no controller, used by <see cref="NotificationController"/> and by the CLI's
/// <c>hawser notifications trigger run</c> / <c>template notify</c>. Deliveries are retried as
/// <see cref="DeliveryPolicy"/> says and counted in <see cref="Counters"/>.
/// </summary>
public sealed class NotificationEngine : IDisposable
{
    private readonly Dictionary<string, INotificationService> _services;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DeliveryPolicy _policy;
    private readonly ICommitMetadataSource? _commits;

    public NotificationEngine(NotificationConfig config, TimeProvider time, ILogger logger, DeliveryPolicy? policy = null, ICommitMetadataSource? commits = null)
    {
        Config = config;
        _time = time;
        _logger = logger;
        _policy = policy ?? DeliveryPolicy.Default;
        _commits = commits;
        _services = config.Services.ToDictionary(p => p.Key, p => NotificationServices.Create(p.Value, time), StringComparer.Ordinal);
    }

    /// <summary>The configuration.</summary>
    public NotificationConfig Config { get; }

    /// <summary>Deliveries and failures per service.</summary>
    public NotificationCounters Counters { get; } = new();

    /// <summary>Reads the metadata of the app's revisions when a template or trigger may ask for it.</summary>
    public async Task<IReadOnlyDictionary<string, CommitMetadata>> CommitsAsync(string appName, JsonObject app, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, CommitMetadata>(StringComparer.Ordinal);
        var repo = NotificationEnvironment.RepoUrl(app);
        if (_commits is null || repo.Length == 0 || !Config.ReadsCommits) return result;
        foreach (var revision in NotificationEnvironment.Revisions(app))
        {
            try
            {
                result[revision] = await _commits.GetAsync(repo, revision, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                NotificationLog.CommitUnreadable(_logger, revision, appName, e.Message);
            }
        }
        return result;
    }

    /// <summary>Evaluates a trigger over an app; an unknown trigger or a failing expression is a <see cref="NotificationException"/>.</summary>
    public IReadOnlyList<ConditionResult> RunTrigger(string trigger, JsonObject app, IReadOnlyDictionary<string, CommitMetadata> commits)
    {
        if (!Config.Triggers.TryGetValue(trigger, out var found))
            throw new NotificationException($"trigger '{trigger}' is not defined (known: {string.Join(", ", Config.Triggers.Keys.Order(StringComparer.Ordinal))})");
        return TriggerEvaluator.Evaluate(found, NotificationEnvironment.ForTrigger(app, commits, _time));
    }

    /// <summary>Renders template <paramref name="template"/> for the destination's service type.</summary>
    public Notification Render(string template, JsonObject app, Destination destination, IReadOnlyDictionary<string, CommitMetadata> commits, CancellationToken cancellationToken)
    {
        var service = Service(destination);
        if (!Config.Templates.TryGetValue(template, out var found))
            throw new NotificationException($"template '{template}' is not defined (known: {string.Join(", ", Config.Templates.Keys.Order(StringComparer.Ordinal))})");
        var data = NotificationEnvironment.ForTemplate(app, Config.Context, service.Options.Type, commits, _time);
        return new Notification(template, found.Render(data, [service.Options.Type], cancellationToken));
    }

    /// <summary>
    /// Delivers <paramref name="notification"/> to the destination, retrying as the policy says. Throws a
    /// <see cref="NotificationException"/> (no secret in it) when every attempt failed.
    /// </summary>
    public async Task DeliverAsync(Notification notification, Destination destination, CancellationToken cancellationToken)
    {
        var service = Service(destination);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await service.SendAsync(notification, destination.Recipient, cancellationToken);
                Counters.CountDelivered(destination.Service);
                return;
            }
            catch (DeliveryException e) when (e.Retryable && attempt < _policy.MaxAttempts)
            {
                var wait = _policy.WaitAfter(attempt);
                NotificationLog.Retrying(_logger, destination.ToString(), attempt, _policy.MaxAttempts, wait, e.Message);
                await Task.Delay(wait, _time, cancellationToken);
            }
            catch (DeliveryException e)
            {
                Counters.CountFailed(destination.Service);
                throw new NotificationException(e.Message, e);
            }
        }
    }

    /// <summary>Whether a service of that name is configured.</summary>
    public bool HasService(string name) => _services.ContainsKey(name);

    private INotificationService Service(Destination destination) =>
        _services.TryGetValue(destination.Service, out var service) ? service
            : throw new NotificationException($"service '{destination.Service}' is not defined (no service.{destination.Service} or service.TYPE.{destination.Service} in argocd-notifications-cm)");

    public void Dispose()
    {
        foreach (var service in _services.Values) service.Dispose();
    }
}
