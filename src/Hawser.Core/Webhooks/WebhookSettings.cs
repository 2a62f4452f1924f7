using System.Globalization;
using Hawser.Settings;

namespace Hawser.Webhooks;

/// <summary>The webhook endpoint's settings: the secrets of <c>argocd-secret</c> and argocd-cm's payload size limit.</summary>
/// <param name="Secrets">argocd-secret (<c>webhook.github.secret</c>, <c>webhook.gitlab.secret</c>, ...).</param>
/// <param name="MaxPayloadBytes">The largest body accepted (argocd-cm <c>webhook.maxPayloadSizeMB</c>, 50 MB by default as in Argo CD).</param>
public sealed record WebhookSettings(ServerSecrets Secrets, long MaxPayloadBytes)
{
    /// <summary>The argocd-cm key of the size limit.</summary>
    public const string MaxPayloadKey = "webhook.maxPayloadSizeMB";

    /// <summary>Argo CD's default limit, in megabytes.</summary>
    public const int DefaultMaxPayloadMegabytes = 50;

    /// <summary>Reads the settings.</summary>
    /// <exception cref="SettingsException">argocd-cm's limit is not a positive whole number of megabytes.</exception>
    public static WebhookSettings From(HawserSettings settings)
    {
        var megabytes = DefaultMaxPayloadMegabytes;
        if (settings.Config.Data.TryGetValue(MaxPayloadKey, out var text)
            && (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out megabytes) || megabytes <= 0 || megabytes > 1024))
        {
            throw new SettingsException([$"ConfigMap/argocd-cm: {MaxPayloadKey}: \"{text}\" is not a whole number of megabytes between 1 and 1024"]);
        }
        return new WebhookSettings(settings.Secrets, megabytes * 1024L * 1024L);
    }
}
