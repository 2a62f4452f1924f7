namespace Hawser.Webhooks;

/// <summary>A webhook request as the server received it: its headers (looked up without regard to case) and raw body.</summary>
public sealed class WebhookRequest
{
    private readonly Dictionary<string, string> _headers;

    public WebhookRequest(IEnumerable<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body)
    {
        _headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers) _headers[name] = value;
        Body = body;
    }

    /// <summary>The raw body, exactly as signed by the sender.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>A header's value, or null.</summary>
    public string? Header(string name) => _headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>A payload that is not what its provider documents; the message names the provider and the field.</summary>
public sealed class WebhookPayloadException(string message) : Exception(message);
