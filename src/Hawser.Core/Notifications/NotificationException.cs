namespace Hawser.Notifications;

/// <summary>A notification could not be built or sent: the message names the ConfigMap key, template or service and
/// never contains a secret value.</summary>
public sealed class NotificationException : Exception
{
    public NotificationException(string message) : base(message) { }

    public NotificationException(string message, Exception inner) : base(message, inner) { }
}
