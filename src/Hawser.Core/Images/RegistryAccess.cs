using System.Collections.Concurrent;
using System.Net;
using Hawser.Sources;

namespace Hawser.Images;

/// <summary>
/// How Hawser reaches container registries: the HTTP clients (verified TLS, and one that skips verification for
/// registries marked <c>insecure</c>), the endpoint of each image (registries.conf, else the host its name implies,
/// plain HTTP for loopback hosts as Docker allows), and a request rate limit per registry. One instance is shared
/// by every image operation of a process.
/// </summary>
public sealed class RegistryAccess : IDisposable
{
    private readonly HelmHttp _http;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, RequestRateLimiter> _limiters = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the access with the registries of <paramref name="registries"/> (none when null).</summary>
    public RegistryAccess(RegistriesConfig? registries = null, TimeSpan? requestTimeout = null, TimeProvider? time = null)
    {
        Registries = registries ?? RegistriesConfig.Empty;
        _http = new HelmHttp(requestTimeout ?? TimeSpan.FromMinutes(5));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The registries.conf entries in force.</summary>
    public RegistriesConfig Registries { get; }

    /// <summary>A distribution API client for <paramref name="image"/>'s repository, logging in with <paramref name="credentials"/> when asked.</summary>
    internal OciRegistryClient ClientFor(ImageReference image, RepositoryCredentials? credentials)
    {
        var endpoint = Registries.For(image);
        OciReference reference;
        var insecure = false;
        if (endpoint is not null)
        {
            var api = new Uri(endpoint.ApiUrl);
            var repository = endpoint.DefaultNamespace is { Length: > 0 } ns && !image.Repository.Contains('/', StringComparison.Ordinal)
                ? $"{ns}/{image.Repository}"
                : image.Repository;
            reference = new OciReference(api.Authority, repository, api.Scheme == Uri.UriSchemeHttp);
            insecure = endpoint.Insecure;
        }
        else
        {
            reference = new OciReference(image.ApiHost, image.Repository, IsLoopback(image.ApiHost));
        }
        credentials = credentials is null ? null : credentials with { InsecureSkipTlsVerify = credentials.InsecureSkipTlsVerify || insecure };
        var client = insecure ? _http.For(new RepositoryCredentials(InsecureSkipTlsVerify: true)) : _http.For(credentials);
        var limiter = _limiters.GetOrAdd(reference.BaseUri.Authority, _ => new RequestRateLimiter(endpoint?.Limit ?? 0, _time));
        return new OciRegistryClient(client, reference, $"{image.Registry}/{image.Repository}", credentials) { Throttle = limiter.WaitAsync };
    }

    public void Dispose() => _http.Dispose();

    /// <summary>localhost, 127.0.0.0/8 and ::1: Docker's implicit insecure registries, reached over plain HTTP.</summary>
    internal static bool IsLoopback(string hostAndPort)
    {
        var host = hostAndPort.StartsWith('[') ? hostAndPort[1..hostAndPort.IndexOf(']', StringComparison.Ordinal)] : hostAndPort.Split(':')[0];
        return host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}

/// <summary>Spaces requests to one registry so no more than <c>limit</c> start per second (no limit when 0).</summary>
internal sealed class RequestRateLimiter(double limit, TimeProvider time)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _next = DateTimeOffset.MinValue;

    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        if (limit <= 0) return;
        TimeSpan wait;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var slot = _next > now ? _next : now;
            _next = slot + TimeSpan.FromSeconds(1 / limit);
            wait = slot - now;
        }
        if (wait > TimeSpan.Zero) await Task.Delay(wait, time, cancellationToken);
    }
}
