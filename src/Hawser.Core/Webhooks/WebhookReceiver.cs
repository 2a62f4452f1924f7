using Hawser.Controller;
using Hawser.Observability;
using Microsoft.Extensions.Logging;

namespace Hawser.Webhooks;

/// <summary>How a webhook request ended.</summary>
public enum WebhookStatus
{
    /// <summary>A push: the apps it concerns (possibly none) were asked to refresh.</summary>
    Accepted,

    /// <summary>Not a push (a ping, another event, an unknown sender): acknowledged, nothing done.</summary>
    Ignored,

    /// <summary>A secret is configured and the request does not prove it knows it.</summary>
    Refused,

    /// <summary>The payload is not what its provider documents.</summary>
    Invalid,
}

/// <summary>The outcome of one webhook request.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Provider">The provider recognised, or <c>unknown</c>.</param>
/// <param name="Message">What happened, for the sender's delivery log (never a secret).</param>
/// <param name="Apps">The apps asked to refresh.</param>
public sealed record WebhookOutcome(WebhookStatus Status, string Provider, string Message, IReadOnlyList<string> Apps);

/// <summary>
/// Git webhooks (<c>/api/webhook</c>), configured as Argo CD's: GitHub, GitLab, Gitea, Gogs, Bitbucket Cloud and Bitbucket
/// Server push events (branches and tags), each provider recognised by its event header and authenticated with its own
/// secret from <c>argocd-secret</c> when one is set (<see cref="IWebhookProvider"/>). A push asks the controller to refresh
/// the apps it concerns (<see cref="PushTargets"/>), to generate again the ApplicationSets whose Git generators it moved, and to ask Git again where their revisions point, so the change is
/// rendered at once instead of at the next poll. Pings, other events and requests of unknown senders are acknowledged and
/// change nothing.
/// </summary>
public sealed class WebhookReceiver
{
    private static readonly IReadOnlyList<IWebhookProvider> Providers =
    [
        // Gitea also sends GitHub's and Gogs' headers, and Bitbucket Cloud's key would pass for Bitbucket Server's: order matters.
        new GiteaWebhook(), new GitHubWebhook(), new GitLabWebhook(), new GogsWebhook(), new BitbucketWebhook(), new BitbucketServerWebhook(),
    ];

    private readonly WebhookSettings _settings;
    private readonly AppController _controller;
    private readonly ILogger _logger;
    private readonly HawserMetrics? _metrics;

    public WebhookReceiver(WebhookSettings settings, AppController controller, ILogger<WebhookReceiver> logger, HawserMetrics? metrics = null)
    {
        _settings = settings;
        _controller = controller;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>The largest body accepted.</summary>
    public long MaxPayloadBytes => _settings.MaxPayloadBytes;

    /// <summary>Authenticates and reads a request and, for a push, asks for the refreshes. <paramref name="source"/> names the
    /// sender for the log.</summary>
    public async Task<WebhookOutcome> ReceiveAsync(WebhookRequest request, string source, CancellationToken cancellationToken)
    {
        var outcome = await HandleAsync(request, source, cancellationToken);
        _metrics?.Webhook(outcome.Provider, outcome.Status.ToString().ToLowerInvariant());
        return outcome;
    }

    private async Task<WebhookOutcome> HandleAsync(WebhookRequest request, string source, CancellationToken cancellationToken)
    {
        if (Providers.FirstOrDefault(p => p.Recognizes(request)) is not { } provider)
        {
            const string unknown = "no Git provider's event header (X-GitHub-Event, X-Gitlab-Event, X-Gitea-Event, X-Gogs-Event, X-Event-Key)";
            WebhookLog.Ignored(_logger, unknown);
            return new WebhookOutcome(WebhookStatus.Ignored, "unknown", $"ignored: {unknown}", []);
        }
        if (provider.Authenticate(request, _settings.Secrets) is { } refused)
        {
            WebhookLog.Refused(_logger, provider.Name, source, refused);
            return new WebhookOutcome(WebhookStatus.Refused, provider.Name, refused, []);
        }
        WebhookEvent read;
        try
        {
            read = provider.Read(request);
        }
        catch (WebhookPayloadException e)
        {
            WebhookLog.Invalid(_logger, provider.Name, e.Message);
            return new WebhookOutcome(WebhookStatus.Invalid, provider.Name, e.Message, []);
        }
        if (read.Push is not { } push)
        {
            WebhookLog.Ignored(_logger, read.Ignored!);
            return new WebhookOutcome(WebhookStatus.Ignored, provider.Name, $"ignored: {read.Ignored}", []);
        }

        var catalog = _controller.Catalog;
        var targets = PushTargets.Find(push, catalog.Entries.Values.Select(e => e.App.Application), catalog.Sets.Values.Select(s => s.Set));
        var refreshed = targets.Apps.Where(app => _controller.Refresh(app, resolveRevisions: true)).ToList();
        var generated = targets.Sets.Where(_controller.RefreshSet).ToList();
        var refs = string.Join(", ", push.Refs);
        WebhookLog.Push(_logger, provider.Name, Sources.Redaction.DisplayUrl(push.RepoUrls[0]), refs, refreshed.Count, generated.Count);
        var message = $"push to {refs}: refreshing {refreshed.Count} apps" + (generated.Count > 0 ? $" and generating {generated.Count} ApplicationSets" : "");
        return new WebhookOutcome(WebhookStatus.Accepted, provider.Name, message, refreshed);
    }
}
