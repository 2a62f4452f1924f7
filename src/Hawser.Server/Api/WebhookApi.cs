using Hawser.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Hawser.Server.Api;

/// <summary>
/// <c>POST /api/webhook</c>: Git push webhooks, open to senders without a login (they prove themselves with the provider's
/// secret, <see cref="WebhookReceiver"/>). Answers 200 for a push or an ignored event, 401 for a missing or wrong secret, 400
/// for a payload that is not the provider's, 413 past argocd-cm's <c>webhook.maxPayloadSizeMB</c>.
/// </summary>
internal static class WebhookApi
{
    public const string Path = "/api/webhook";

    public static void Map(IEndpointRouteBuilder routes, WebhookReceiver receiver)
    {
        routes.MapPost(Path, async (HttpContext context, CancellationToken ct) =>
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = receiver.MaxPayloadBytes;
            if (context.Request.ContentLength > receiver.MaxPayloadBytes)
                return ApiErrors.Result(StatusCodes.Status413PayloadTooLarge, $"the payload is larger than {receiver.MaxPayloadBytes} bytes (argocd-cm {WebhookSettings.MaxPayloadKey})");
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, ct);
            var headers = context.Request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString()));
            var outcome = await receiver.ReceiveAsync(new WebhookRequest(headers, body.ToArray()), ApiAuth.SourceOf(context), ct);
            return outcome.Status switch
            {
                WebhookStatus.Refused => ApiErrors.Result(StatusCodes.Status401Unauthorized, $"{outcome.Provider} webhook refused: {outcome.Message}"),
                WebhookStatus.Invalid => ApiErrors.Result(StatusCodes.Status400BadRequest, outcome.Message),
                _ => Results.Text(outcome.Message),
            };
        });
    }
}
