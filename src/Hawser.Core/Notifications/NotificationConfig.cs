using Hawser.Settings;

namespace Hawser.Notifications;

/// <summary>
/// <c>argocd-notifications-cm</c> and <c>argocd-notifications-secret</c>, read once into compiled services, templates and
/// triggers (<see cref="NotificationConfigReader"/>). Triggers and templates of <see cref="DefaultCatalog"/> that the
/// ConfigMap does not define are included.
/// </summary>
/// <param name="Services">Services by the name destinations use.</param>
/// <param name="Templates">Templates by name.</param>
/// <param name="Triggers">Triggers by name.</param>
/// <param name="Subscriptions">The global <c>subscriptions</c>.</param>
/// <param name="DefaultTriggers">The <c>defaultTriggers</c> list (for subscriptions that name no trigger).</param>
/// <param name="DefaultTriggersByService">The <c>defaultTriggers.SERVICE</c> lists.</param>
/// <param name="Context">The <c>context</c> map templates read as <c>.context</c>.</param>
/// <param name="Warnings">Keys and fields read but not acted on.</param>
public sealed record NotificationConfig(
    IReadOnlyDictionary<string, ServiceOptions> Services,
    IReadOnlyDictionary<string, NotificationTemplate> Templates,
    IReadOnlyDictionary<string, Trigger> Triggers,
    IReadOnlyList<GlobalSubscription> Subscriptions,
    IReadOnlyList<string> DefaultTriggers,
    IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultTriggersByService,
    IReadOnlyDictionary<string, string> Context,
    IReadOnlyList<SettingsWarning> Warnings)
{
    /// <summary>Whether a template or trigger calls <c>repo.GetCommitMetadata</c> (then the app's commits are read first).</summary>
    public bool ReadsCommits { get; init; }

    /// <summary>The default triggers of a service: <c>defaultTriggers.SERVICE</c>, else <c>defaultTriggers</c>.</summary>
    public IReadOnlyList<string> DefaultTriggersFor(string service) =>
        DefaultTriggersByService.TryGetValue(service, out var triggers) ? triggers : DefaultTriggers;
}
