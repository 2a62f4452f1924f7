using Hawser.Sources;

namespace Hawser.Settings;

/// <summary>
/// Repository Secrets and credential templates, and the credentials for a repository URL as Argo CD chooses them:
/// the repository Secret whose <c>url</c> is the same repository (case, user information, a trailing <c>/</c> and <c>.git</c> ignored);
/// when it has no credentials of its own, or there is none, the <c>repo-creds</c> template with the longest <c>url</c>
/// that is a prefix of the URL. <c>insecure</c> comes from the repository Secret.
/// </summary>
public sealed record RepositoryCatalog(IReadOnlyList<RepositorySecret> Repositories, IReadOnlyList<RepositorySecret> Templates)
{
    public static RepositoryCatalog Empty { get; } = new([], []);

    /// <summary>The repository Secret for <paramref name="url"/>, or null.</summary>
    public RepositorySecret? FindRepository(string url)
    {
        var key = CacheKeys.Normalise(url);
        return Repositories.FirstOrDefault(r => string.Equals(CacheKeys.Normalise(r.Url), key, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The credential template for <paramref name="url"/> (longest matching prefix), or null.</summary>
    public RepositorySecret? FindTemplate(string url) =>
        Templates.Where(t => url.Trim().StartsWith(t.Url.Trim(), StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(t => t.Url.Trim().Length)
            .ThenBy(t => t.SecretName, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>The credentials to fetch <paramref name="url"/> with, or null for anonymous access.</summary>
    public RepositoryCredentials? CredentialsFor(string url)
    {
        var repository = FindRepository(url);
        var source = repository is { HasCredentials: true } ? repository : FindTemplate(url) ?? repository;
        if (source is null) return null;
        var insecure = repository?.Insecure ?? false;
        return new RepositoryCredentials(
            source.Username,
            source.Password?.Reveal(),
            source.SshPrivateKey?.Reveal(),
            insecure,
            InsecureIgnoreHostKey: insecure || (repository?.InsecureIgnoreHostKey ?? false),
            TlsClientCertificate: source.TlsClientCertData,
            TlsClientKey: source.TlsClientCertKey?.Reveal());
    }
}
