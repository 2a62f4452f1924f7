using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Notifications.Services;

/// <summary>
/// The HTTP client of one service: a timeout on every request, TLS verification unless the service sets
/// <c>insecureSkipVerify: true</c>, and failures turned into <see cref="DeliveryException"/>s that quote the status and
/// the start of the answer with the service's secrets removed.
/// </summary>
internal sealed class ServiceHttp : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _client;
    private readonly ServiceOptions _options;

    public ServiceHttp(ServiceOptions options)
    {
        _options = options;
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (options.Flag("insecureSkipVerify") || options.Flag("insecure_skip_verify"))
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        _client = new HttpClient(handler) { Timeout = Timeout };
    }

    /// <summary>A JSON POST request.</summary>
    public static HttpRequestMessage PostJson(string url, JsonNode body) => new(HttpMethod.Post, url)
    {
        Content = new StringContent(body.ToJsonString(JsonOptions), Encoding.UTF8, "application/json"),
    };

    /// <summary>JSON written as the chat services expect it: non-ASCII text as is, not \u-escaped.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Sends the request and returns the answer's body; a non-2xx status or a transport error is a
    /// <see cref="DeliveryException"/>.</summary>
    public async Task<string> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryException($"{_options.Key}: request failed: {_options.Redact(e.Message)}", retryable: true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryException($"{_options.Key}: no answer within {Timeout.TotalSeconds:0} s", retryable: true);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var code = (int)response.StatusCode;
                throw new DeliveryException($"{_options.Key}: HTTP {code} {response.ReasonPhrase}: {Excerpt(body)}",
                    retryable: code >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests || response.StatusCode == HttpStatusCode.RequestTimeout);
            }
            return body;
        }
    }

    /// <summary>Sends a JSON request and checks the vendor's own error field in the answer (chat APIs answer 200 with an
    /// error code): <paramref name="failure"/> returns the error text, or null when the answer means success.</summary>
    public async Task SendCheckedAsync(HttpRequestMessage request, Func<JsonNode?, string?> failure, CancellationToken cancellationToken)
    {
        var body = await SendAsync(request, cancellationToken);
        JsonNode? answer;
        try
        {
            answer = body.Length == 0 ? null : JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            answer = null;
        }
        if (failure(answer) is { } error) throw new DeliveryException($"{_options.Key}: the service refused the message: {Excerpt(error)}", retryable: false);
    }

    /// <summary>Sets basic authentication.</summary>
    public static void BasicAuth(HttpRequestMessage request, string user, string password) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private string Excerpt(string text)
    {
        text = _options.Redact(text.Trim());
        return text.Length > 300 ? text[..300] + "…" : text;
    }

    public void Dispose() => _client.Dispose();
}
