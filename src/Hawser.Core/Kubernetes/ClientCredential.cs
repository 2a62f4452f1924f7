using System.Security.Cryptography.X509Certificates;

namespace Hawser.Kubernetes;

/// <summary>
/// What one request presents to the API server: an <c>Authorization</c> header value and/or a client certificate.
/// <see cref="ToString"/> never shows either.
/// </summary>
internal sealed class ClientCredential(string? authorization, X509Certificate2? certificate)
{
    public static readonly ClientCredential Anonymous = new(null, null);

    /// <summary>The full <c>Authorization</c> header value (<c>Bearer …</c> or <c>Basic …</c>), or null.</summary>
    public string? Authorization { get; } = authorization;

    /// <summary>The TLS client certificate with its private key, or null.</summary>
    public X509Certificate2? Certificate { get; } = certificate;

    public override string ToString() =>
        (Authorization, Certificate) switch
        {
            (null, null) => "anonymous",
            (not null, null) => "authorization header",
            (null, not null) => $"client certificate {Certificate.Subject}",
            _ => $"authorization header and client certificate {Certificate!.Subject}",
        };
}

/// <summary>Supplies the credential for each request; sources that can change (token files, exec plugins) refresh themselves.</summary>
internal interface ICredentialSource
{
    /// <summary>The credential to use now.</summary>
    ValueTask<ClientCredential> GetAsync(CancellationToken cancellationToken);

    /// <summary>Called after a 401: forget any cached credential. Returns true when asking again may give a different one.</summary>
    bool Invalidate();
}

/// <summary>A credential that never changes (token, basic auth, client certificate, or none).</summary>
internal sealed class StaticCredentialSource(ClientCredential credential) : ICredentialSource
{
    public static readonly StaticCredentialSource Anonymous = new(ClientCredential.Anonymous);

    public ValueTask<ClientCredential> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(credential);

    public bool Invalidate() => false;
}

/// <summary>
/// A bearer token read from a file and re-read every minute (projected service-account tokens rotate), and at once after a 401.
/// </summary>
internal sealed class TokenFileCredentialSource(string path, X509Certificate2? certificate, TimeProvider time) : ICredentialSource
{
    private static readonly TimeSpan RereadAfter = TimeSpan.FromMinutes(1);
    private readonly Lock _lock = new();
    private ClientCredential? _cached;
    private DateTimeOffset _readAt;

    public async ValueTask<ClientCredential> GetAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_cached is not null && time.GetUtcNow() - _readAt < RereadAfter) return _cached;
        }
        string token;
        try
        {
            token = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        }
        catch (IOException e)
        {
            throw new KubeconfigException($"token file {path} could not be read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new KubeconfigException($"token file {path} could not be read: {e.Message}", e);
        }
        var credential = new ClientCredential(token.Length == 0 ? null : "Bearer " + token, certificate);
        lock (_lock)
        {
            _cached = credential;
            _readAt = time.GetUtcNow();
        }
        return credential;
    }

    public bool Invalidate()
    {
        lock (_lock) _cached = null;
        return true;
    }
}
