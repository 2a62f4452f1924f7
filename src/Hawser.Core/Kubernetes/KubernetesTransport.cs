using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Hawser.Kubernetes;

/// <summary>
/// Sends <see cref="ApiRequest"/>s to one cluster over one pooled <see cref="HttpClient"/>: client-side rate limit,
/// credentials (refreshed once after a 401 when the source can refresh), per-attempt timeout, retries per
/// <see cref="RetryPolicy"/>, and failures mapped to typed exceptions.
/// </summary>
internal sealed class KubernetesTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _basePath;
    private readonly ClusterSettings _settings;
    private readonly KubernetesClientOptions _options;
    private readonly RequestRateLimiter _limiter;
    private readonly RetryPolicy _retry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile X509Certificate2? _clientCertificate;
    private long _requests;
    private long _retries;

    public KubernetesTransport(ClusterSettings settings, KubernetesClientOptions options, TimeProvider time, ILogger logger)
    {
        _settings = settings;
        _options = options;
        _time = time;
        _logger = logger;
        _limiter = new RequestRateLimiter(options.Qps, options.Burst, time);
        _retry = new RetryPolicy(options);
        var handler = KubernetesHttpHandler.Create(settings, options, () => _clientCertificate);
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = new Uri(settings.Server.GetLeftPart(UriPartial.Authority)),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        _basePath = settings.Server.AbsolutePath.TrimEnd('/');
    }

    public ClusterSettings Settings => _settings;

    /// <summary>Attempts sent, retries included.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Retries sent (attempts after the first of a request).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>
    /// Sends the request and returns the successful response (the caller disposes it), or null for a 404 when
    /// <see cref="ApiRequest.NotFoundIsNull"/>. Throws <see cref="KubernetesApiException"/> subclasses for failures.
    /// </summary>
    public async Task<HttpResponseMessage?> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var attempt = 0;
        var refreshed = false;
        var mayHaveActed = false;
        while (true)
        {
            await _limiter.WaitAsync(cancellationToken);
            var credential = await _settings.Credentials.GetAsync(cancellationToken);
            _clientCertificate = credential.Certificate;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (!request.Streaming) timeout.CancelAfter(_options.EffectiveRequestTimeout);

            HttpResponseMessage response;
            var started = Stopwatch.GetTimestamp();
            try
            {
                Interlocked.Increment(ref _requests);
                using var message = Build(request, credential);
                response = await _http.SendAsync(message, request.Streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, timeout.Token);
            }
            catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt < _retry.MaxRetries && RetryPolicy.ShouldRetry(e, request.Retry))
                {
                    mayHaveActed |= RetryPolicy.MayHaveActed(e);
                    var delay = _retry.Delay(attempt, null, _time.GetUtcNow());
                    KubernetesLog.RetryAfterFailure(_logger, request.Method.Method, request.PathAndQuery, e.Message, attempt + 1, _retry.MaxRetries, delay.TotalMilliseconds);
                    await PauseAsync(delay, ref attempt, cancellationToken);
                    continue;
                }
                throw new KubernetesConnectionException(request.InvolvedObject, $"{request.Method} {_settings.Server} failed after {attempt + 1} attempt(s): {e.Message}", e);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt < _retry.MaxRetries && RetryPolicy.RepeatsSafely(request.Retry))
                {
                    mayHaveActed = true;
                    var delay = _retry.Delay(attempt, null, _time.GetUtcNow());
                    KubernetesLog.RetryAfterFailure(_logger, request.Method.Method, request.PathAndQuery, "timed out", attempt + 1, _retry.MaxRetries, delay.TotalMilliseconds);
                    await PauseAsync(delay, ref attempt, cancellationToken);
                    continue;
                }
                throw new ServerTimeoutException(request.InvolvedObject, $"no answer from {_settings.Server} within {_options.EffectiveRequestTimeout.TotalSeconds:0}s");
            }
            KubernetesLog.Request(_logger, request.Method.Method, request.PathAndQuery, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            if (response.IsSuccessStatusCode) return response;
            if (response.StatusCode == HttpStatusCode.NotFound && request.NotFoundIsNull)
            {
                response.Dispose();
                return null;
            }
            if (response.StatusCode == HttpStatusCode.Unauthorized && !refreshed && _settings.Credentials.Invalidate())
            {
                refreshed = true;
                response.Dispose();
                KubernetesLog.RefreshCredential(_logger, request.Method.Method, request.PathAndQuery);
                continue;
            }
            if (attempt < _retry.MaxRetries && _retry.ShouldRetry(response.StatusCode, request.Retry))
            {
                mayHaveActed |= RetryPolicy.MayHaveActed(response.StatusCode);
                var delay = _retry.Delay(attempt, response.Headers.RetryAfter, _time.GetUtcNow());
                KubernetesLog.RetryAfterStatus(_logger, request.Method.Method, request.PathAndQuery, response.StatusCode, attempt + 1, _retry.MaxRetries, delay.TotalMilliseconds);
                response.Dispose();
                await PauseAsync(delay, ref attempt, cancellationToken);
                continue;
            }
            using (response)
            {
                var error = await ToExceptionAsync(response, request, cancellationToken);
                error.EarlierAttemptMayHaveActed = mayHaveActed;
                throw error;
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private Task PauseAsync(TimeSpan delay, ref int attempt, CancellationToken cancellationToken)
    {
        attempt++;
        Interlocked.Increment(ref _retries);
        return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, _time, cancellationToken);
    }

    private HttpRequestMessage Build(ApiRequest request, ClientCredential credential)
    {
        var message = new HttpRequestMessage(request.Method, _basePath + request.PathAndQuery)
        {
            // HTTP/2 when TLS negotiation (ALPN) offers it, else HTTP/1.1; plain http:// stays on HTTP/1.1.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        message.Headers.Accept.ParseAdd(request.Accept);
        if (credential.Authorization is not null) message.Headers.TryAddWithoutValidation("Authorization", credential.Authorization);
        if (request.Body is { } body)
        {
            message.Content = new ReadOnlyMemoryContent(body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType ?? ApiRequest.Json);
        }
        return message;
    }

    private static async Task<KubernetesApiException> ToExceptionAsync(HttpResponseMessage response, ApiRequest request, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            body = "";
        }
        catch (IOException)
        {
            body = "";
        }
        return StatusErrors.FromResponse(response.StatusCode, response.ReasonPhrase, body, request.InvolvedObject, request.Sent);
    }
}
