namespace Hawser.Notifications;

/// <summary>Where a notification goes: a service name (<c>service.TYPE.NAME</c>'s NAME, or the type) and a recipient
/// (a Slack channel, an e-mail address, a Telegram chat; empty for a webhook or a chat robot whose URL is the
/// destination).</summary>
public sealed record Destination(string Service, string Recipient)
{
    /// <summary>Reads <c>SERVICE:RECIPIENT</c> (the recipient may contain <c>:</c>; <c>SERVICE</c> alone has no recipient).</summary>
    public static Destination Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new Destination(text.Trim(), "") : new Destination(text[..colon].Trim(), text[(colon + 1)..].Trim());
    }

    public override string ToString() => $"{Service}:{Recipient}";
}
