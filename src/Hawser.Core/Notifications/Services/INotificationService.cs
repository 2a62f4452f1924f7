namespace Hawser.Notifications.Services;

/// <summary>Delivers rendered notifications to one configured service.</summary>
internal interface INotificationService : IDisposable
{
    /// <summary>The service's configuration.</summary>
    ServiceOptions Options { get; }

    /// <summary>Sends <paramref name="notification"/> to <paramref name="recipient"/>. A failure is a
    /// <see cref="DeliveryException"/> (retryable or not) whose message holds no secret.</summary>
    Task SendAsync(Notification notification, string recipient, CancellationToken cancellationToken);
}

/// <summary>A delivery failed; <see cref="Retryable"/> when trying again may help (a network error, HTTP 5xx or 429).</summary>
internal sealed class DeliveryException(string message, bool retryable, Exception? inner = null) : Exception(message, inner)
{
    public bool Retryable { get; } = retryable;
}
