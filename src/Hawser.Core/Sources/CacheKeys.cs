using System.Security.Cryptography;
using System.Text;

namespace Hawser.Sources;

/// <summary>Cache directory names derived from repository URLs.</summary>
internal static class CacheKeys
{
    /// <summary>
    /// The URL in a canonical form, so <c>https://Host/org/repo.git/</c> and <c>https://host/org/repo</c> share one
    /// mirror: scheme and host lower-cased, user information, trailing slashes and a trailing <c>.git</c> dropped;
    /// local paths made absolute.
    /// </summary>
    public static string Normalise(string url)
    {
        var value = url.Trim();
        if (IsLocalPath(value)) value = "file://" + Path.GetFullPath(value);
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme != "file")
        {
            var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
            value = $"{uri.Scheme.ToLowerInvariant()}://{uri.Host.ToLowerInvariant()}{port}{uri.AbsolutePath}";
        }
        value = value.TrimEnd('/');
        if (value.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) value = value[..^4];
        return value.TrimEnd('/');
    }

    /// <summary>A short stable hash of the normalised URL, safe as a directory name.</summary>
    public static string Hash(string url) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalise(url))))[..32];

    /// <summary>
    /// A one-way fingerprint of credentials (empty without any), so in-memory caches never serve what one set of
    /// credentials fetched to a caller with another. Never logged.
    /// </summary>
    public static string Fingerprint(RepositoryCredentials? credentials)
    {
        if (credentials is null || (credentials.Username, credentials.Password, credentials.SshPrivateKey, credentials.TlsClientKey) is (null, null, null, null)) return "";
        var text = $"{credentials.Username}\0{credentials.Password}\0{credentials.SshPrivateKey}\0{credentials.InsecureSkipTlsVerify}\0{credentials.TlsClientCertificate}\0{credentials.TlsClientKey}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    /// <summary>True for a plain filesystem path (neither a URL nor an scp-like <c>user@host:path</c>, nor text no file system accepts).</summary>
    public static bool IsLocalPath(string url) =>
        !url.Contains("://", StringComparison.Ordinal) && !url.Contains('\0', StringComparison.Ordinal)
        && (url.StartsWith('/') || url.StartsWith('.') || !url.Contains(':', StringComparison.Ordinal));
}
