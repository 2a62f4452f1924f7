namespace Hawser.State;

/// <summary>
/// One notification the controller sent (or must not send again): the app, the trigger, the trigger's condition, the
/// destination (<c>service:recipient</c>) and the value of the condition's <c>oncePer</c> expression (empty without one).
/// </summary>
public sealed record NotificationKey(string App, string Trigger, string Condition, string Destination, string OncePer);

/// <summary>
/// What the notifications controller sent, kept so that a restart never sends the same notification twice. Without
/// <c>oncePer</c> a condition's record is cleared when the condition stops holding (so it fires again the next time it
/// holds); with <c>oncePer</c> one record per value is kept, the oldest pruned beyond a bound.
/// </summary>
public interface INotificationSentStore
{
    /// <summary>Whether <paramref name="key"/> was recorded as sent.</summary>
    Task<bool> WasSentAsync(NotificationKey key, CancellationToken cancellationToken);

    /// <summary>Records <paramref name="key"/> as sent at <paramref name="at"/>; keeps at most <paramref name="keepPerCondition"/>
    /// records per (app, trigger, condition, destination), dropping the oldest.</summary>
    Task MarkSentAsync(NotificationKey key, DateTimeOffset at, int keepPerCondition, CancellationToken cancellationToken);

    /// <summary>Removes the record of <paramref name="key"/> (a condition without <c>oncePer</c> that stopped holding);
    /// true when there was one.</summary>
    Task<bool> ClearSentAsync(NotificationKey key, CancellationToken cancellationToken);

    /// <summary>The apps that have records, sorted.</summary>
    Task<IReadOnlyList<string>> ListNotifiedAppsAsync(CancellationToken cancellationToken);

    /// <summary>Forgets every record of an app (after it was deleted and its last notifications went out).</summary>
    Task ForgetNotificationsAsync(string app, CancellationToken cancellationToken);
}
