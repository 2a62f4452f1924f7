using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Kubernetes;

/// <summary>
/// Turns a failed response (a <c>Status</c> body, or anything else a proxy may send) into the typed exception for its
/// reason and code. Messages are the server's, prefixed with the involved object, with any value of the Secret the request
/// carried masked: an apiserver may echo field values in <c>Invalid</c> messages.
/// </summary>
internal static class StatusErrors
{
    private const int MaxBodyShown = 300;

    public static KubernetesApiException FromResponse(HttpStatusCode code, string? reasonPhrase, string body, string involvedObject, KubeObject? sent)
    {
        string message;
        string reason = "";
        var causes = new List<StatusCause>();
        JsonObject? status = null;
        try
        {
            status = body.Length > 0 && body.TrimStart().StartsWith('{') ? JsonNode.Parse(body) as JsonObject : null;
        }
        catch (JsonException)
        {
            status = null;
        }
        if (status is not null && Str(status, "kind") == "Status")
        {
            message = Str(status, "message") ?? $"{(int)code} {reasonPhrase}";
            reason = Str(status, "reason") ?? "";
            if (status["details"] is JsonObject details && details["causes"] is JsonArray list)
            {
                foreach (var cause in list.OfType<JsonObject>())
                    causes.Add(new StatusCause(Str(cause, "reason") ?? "", Mask(Str(cause, "message") ?? "", sent), Str(cause, "field") ?? ""));
            }
        }
        else
        {
            var text = body.Trim();
            if (text.Length > MaxBodyShown) text = text[..MaxBodyShown] + "…";
            message = text.Length == 0 ? $"the server answered {(int)code} {reasonPhrase}" : $"the server answered {(int)code} {reasonPhrase}: {text}";
        }
        return Create(code, reason, involvedObject, Mask(message, sent), causes);
    }

    /// <summary>Builds the exception for a Status (from a response or a watch ERROR event).</summary>
    public static KubernetesApiException FromStatus(JsonObject status, string involvedObject)
    {
        var code = status["code"] is JsonValue v && v.TryGetValue<int>(out var c) ? (HttpStatusCode)c : HttpStatusCode.InternalServerError;
        return FromResponse(code, null, status.ToJsonString(), involvedObject, null);
    }

    public static KubernetesApiException Create(HttpStatusCode code, string reason, string involved, string message, IReadOnlyList<StatusCause> causes) =>
        (reason, code) switch
        {
            ("NotFound", _) or (_, HttpStatusCode.NotFound) => new NotFoundException(involved, message),
            ("AlreadyExists", _) => new AlreadyExistsException(involved, message),
            ("Conflict", _) or (_, HttpStatusCode.Conflict) => new ConflictException(involved, message, causes),
            ("Invalid", _) or (_, HttpStatusCode.UnprocessableEntity) => new InvalidException(involved, message, causes),
            ("Forbidden", _) or (_, HttpStatusCode.Forbidden) => new ForbiddenException(involved, message),
            ("Unauthorized", _) or (_, HttpStatusCode.Unauthorized) => new UnauthorizedException(involved, message),
            ("Expired" or "Gone", _) or (_, HttpStatusCode.Gone) => new GoneException(involved, message),
            ("TooManyRequests", _) or (_, HttpStatusCode.TooManyRequests) => new TooManyRequestsException(involved, message),
            ("Timeout" or "ServerTimeout", _) or (_, HttpStatusCode.GatewayTimeout) => new ServerTimeoutException(involved, message),
            _ => new KubernetesApiException(code, reason.Length == 0 ? code.ToString() : reason, involved, message, causes),
        };

    /// <summary>Replaces every value of a Secret's <c>data</c> and <c>stringData</c> (raw and decoded) found in <paramref name="text"/>.</summary>
    public static string Mask(string text, KubeObject? sent)
    {
        if (sent is null || sent.Kind != "Secret" || sent.Group.Length != 0) return text;
        foreach (var value in SecretValues(sent).Where(v => v.Length >= 3).OrderByDescending(v => v.Length))
            text = text.Replace(value, "***", StringComparison.Ordinal);
        return text;
    }

    private static IEnumerable<string> SecretValues(KubeObject secret)
    {
        if (secret.Body["data"] is JsonObject data)
        {
            foreach (var (_, node) in data)
            {
                if (node is not JsonValue v || !v.TryGetValue<string>(out var encoded)) continue;
                yield return encoded;
                string? decoded = null;
                try
                {
                    decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                }
                catch (FormatException)
                {
                    decoded = null;
                }
                if (decoded is not null) yield return decoded;
            }
        }
        if (secret.Body["stringData"] is JsonObject stringData)
        {
            foreach (var (_, node) in stringData)
            {
                if (node is JsonValue v && v.TryGetValue<string>(out var s)) yield return s;
            }
        }
    }

    private static string? Str(JsonObject node, string field) =>
        node[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
