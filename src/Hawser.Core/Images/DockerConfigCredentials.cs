using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Sources;

namespace Hawser.Images;

/// <summary>
/// Registry credentials from the Docker <c>config.json</c> the user already has (<c>$DOCKER_CONFIG/config.json</c>, else
/// <c>~/.docker/config.json</c>): the <c>auths</c> map, keyed by registry host (or URL, such as
/// <c>https://index.docker.io/v1/</c> for Docker Hub), each entry a base64 <c>auth</c> of <c>user:password</c> or
/// <c>username</c>/<c>password</c> fields. Credential helpers (<c>credsStore</c>, <c>credHelpers</c>) are not run.
/// </summary>
public sealed class DockerConfigCredentials
{
    private readonly Dictionary<string, RepositoryCredentials> _byHost;

    private DockerConfigCredentials(Dictionary<string, RepositoryCredentials> byHost) => _byHost = byHost;

    /// <summary>No credentials at all.</summary>
    public static DockerConfigCredentials Empty { get; } = new(new Dictionary<string, RepositoryCredentials>(StringComparer.OrdinalIgnoreCase));

    /// <summary>The default file: <c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>.</summary>
    public static string DefaultPath =>
        Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } dir
            ? Path.Combine(dir, "config.json")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker", "config.json");

    /// <summary>Reads <paramref name="path"/> (the default file when null); a missing file means no credentials.</summary>
    public static async Task<DockerConfigCredentials> LoadAsync(string? path, CancellationToken cancellationToken)
    {
        path ??= DefaultPath;
        if (!File.Exists(path)) return Empty;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (JsonException e)
        {
            throw new ImageException($"{path}: not valid JSON ({e.Message})", e);
        }
        return Parse(root, path);
    }

    /// <summary>Reads the <c>auths</c> map of a parsed config file; <paramref name="source"/> names it in errors.</summary>
    public static DockerConfigCredentials Parse(JsonNode? root, string source)
    {
        var byHost = new Dictionary<string, RepositoryCredentials>(StringComparer.OrdinalIgnoreCase);
        if (root?["auths"] is not JsonObject auths) return new DockerConfigCredentials(byHost);
        foreach (var (key, entry) in auths)
        {
            if (entry is not JsonObject fields) continue;
            string? username = (string?)fields["username"], password = (string?)fields["password"];
            if ((string?)fields["auth"] is { Length: > 0 } auth)
            {
                string decoded;
                try
                {
                    decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
                }
                catch (FormatException e)
                {
                    throw new ImageException($"{source}: auths.{key}.auth is not base64 of user:password", e);
                }
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0) throw new ImageException($"{source}: auths.{key}.auth does not decode to user:password");
                (username, password) = (decoded[..colon], decoded[(colon + 1)..]);
            }
            if (username is null && password is null) continue;
            byHost[HostOf(key)] = new RepositoryCredentials(username, password);
        }
        return new DockerConfigCredentials(byHost);
    }

    /// <summary>The credentials stored for <paramref name="registry"/> (a host as in an image reference), or null.</summary>
    public RepositoryCredentials? For(string registry) =>
        _byHost.TryGetValue(HostOf(registry), out var credentials) ? credentials : null;

    /// <summary><c>https://index.docker.io/v1/</c> → <c>docker.io</c>; <c>https://host:5000/path</c> → <c>host:5000</c>.</summary>
    private static string HostOf(string key)
    {
        var host = key.Contains("://", StringComparison.Ordinal) ? key[(key.IndexOf("://", StringComparison.Ordinal) + 3)..] : key;
        var slash = host.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0) host = host[..slash];
        host = host.ToLowerInvariant();
        return host is "index.docker.io" or "registry-1.docker.io" ? ImageReference.DockerHub : host;
    }
}
