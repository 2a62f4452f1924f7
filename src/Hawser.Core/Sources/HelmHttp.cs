using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Hawser.Sources;

/// <summary>
/// HTTP for chart sources: one client for verified TLS and one that skips verification (per-repository
/// <see cref="RepositoryCredentials.InsecureSkipTlsVerify"/>), basic auth headers, and errors mapped to
/// <see cref="SourceException"/>s that name the URL and the status without any credential.
/// </summary>
internal sealed class HelmHttp : IDisposable
{
    private readonly HttpClient _verified;
    private readonly Lazy<HttpClient> _insecure;

    public HelmHttp(TimeSpan timeout)
    {
        _verified = Create(timeout, insecure: false);
        _insecure = new Lazy<HttpClient>(() => Create(timeout, insecure: true));
    }

    /// <summary>The client for a repository's TLS setting.</summary>
    public HttpClient For(RepositoryCredentials? credentials) => credentials?.InsecureSkipTlsVerify == true ? _insecure.Value : _verified;

    /// <summary>A basic auth header when the credentials hold a username or password, else null.</summary>
    public static AuthenticationHeaderValue? Basic(RepositoryCredentials? credentials)
    {
        if (credentials is null || (credentials.Username is null && credentials.Password is null)) return null;
        var pair = Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}");
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
    }

    /// <summary>Sends a request; network failures and timeouts become <see cref="SourceFailure.Unreachable"/>.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, string repoUrl, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e) when (e.InnerException is SourceException inner)
        {
            // A streamed body that failed its digest check aborts the request: report the check, not the transport.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
            throw;
        }
        catch (HttpRequestException e)
        {
            throw new SourceException(SourceFailure.Unreachable, repoUrl, $"{request.Method} {Redaction.DisplayUrl(request.RequestUri!.ToString())} failed: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SourceException(SourceFailure.Unreachable, repoUrl, $"{request.Method} {Redaction.DisplayUrl(request.RequestUri!.ToString())} timed out", e);
        }
    }

    /// <summary>Throws a <see cref="SourceException"/> for a non-success status (401/403 as authentication, 404 as <paramref name="notFound"/>).</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string repoUrl, SourceFailure notFound, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        // Registries and chart servers explain errors in plain text or JSON; an HTML error page adds nothing to the status.
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        var body = mediaType.Contains("html", StringComparison.OrdinalIgnoreCase) ? "" : await response.Content.ReadAsStringAsync(cancellationToken);
        body = string.Join(' ', body.Split((char[])['\r', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        if (body.Length > 500) body = body[..500] + "…";
        var kind = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => SourceFailure.AuthenticationFailed,
            HttpStatusCode.NotFound => notFound,
            _ => SourceFailure.Failed,
        };
        var what = kind == SourceFailure.AuthenticationFailed ? "authentication failed: " : "";
        var url = Redaction.DisplayUrl(response.RequestMessage?.RequestUri?.ToString() ?? repoUrl);
        var method = response.RequestMessage?.Method.Method ?? "GET";
        throw new SourceException(kind, repoUrl, $"{what}{method} {url} returned {(int)response.StatusCode} {response.ReasonPhrase} {body.Trim()}".TrimEnd());
    }

    public void Dispose()
    {
        _verified.Dispose();
        if (_insecure.IsValueCreated) _insecure.Value.Dispose();
    }

    private static HttpClient Create(TimeSpan timeout, bool insecure)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (insecure) handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        return new HttpClient(handler) { Timeout = timeout };
    }
}
