using System.Globalization;
using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Images;

/// <summary>
/// One registry of Image Updater's <c>registries.conf</c>: which images it serves (<paramref name="Prefix"/>), where its
/// API answers, how to log in, and how hard it may be asked.
/// </summary>
/// <param name="Name">A display name.</param>
/// <param name="Prefix">The image prefix (registry host, e.g. <c>ghcr.io</c>) this entry applies to; empty for the default registry.</param>
/// <param name="ApiUrl">The distribution API base URL (<c>https://ghcr.io</c>); <c>http://</c> speaks plain HTTP.</param>
/// <param name="Credentials">Where the credentials come from (<c>secret:ns/name#field</c>, <c>pullsecret:ns/name</c>, <c>env:VAR</c>), or null.</param>
/// <param name="Insecure">Skip TLS verification.</param>
/// <param name="IsDefault">Images without a registry prefix use this entry.</param>
/// <param name="DefaultNamespace">The namespace one-component names get (Docker Hub's <c>library</c>).</param>
/// <param name="Limit">Requests per second to this registry.</param>
public sealed record RegistryEndpoint(
    string Name, string Prefix, string ApiUrl, CredentialSource? Credentials, bool Insecure, bool IsDefault, string? DefaultNamespace, double Limit)
{
    /// <summary>Image Updater's default rate limit, in requests per second.</summary>
    public const double DefaultLimit = 20;
}

/// <summary>
/// Image Updater's <c>registries.conf</c> (a YAML document with a <c>registries</c> list), as the typed endpoints Hawser
/// uses to reach registries. An image's registry is the entry whose <c>prefix</c> matches its host (the longest
/// match); images on no listed registry use the entry marked <c>default</c>, else the registry their name implies.
/// </summary>
public sealed class RegistriesConfig
{
    private RegistriesConfig(IReadOnlyList<RegistryEndpoint> endpoints) => Endpoints = endpoints;

    /// <summary>An empty configuration: every image goes to the registry its name implies.</summary>
    public static RegistriesConfig Empty { get; } = new([]);

    /// <summary>The declared registries, in file order.</summary>
    public IReadOnlyList<RegistryEndpoint> Endpoints { get; }

    /// <summary>Parses the file text; every problem is reported at once, each naming <paramref name="file"/> and the entry's field.</summary>
    public static RegistriesConfig Parse(string yaml, string file)
    {
        var documents = YamlDocuments.Parse(yaml, file);
        var root = documents.FirstOrDefault(d => d.Root is not null)?.Root;
        if (root is null) return Empty;
        if (root["registries"] is not JsonArray list) throw new ImageException($"{file}: expected a 'registries' list");
        var errors = new List<string>();
        var endpoints = new List<RegistryEndpoint>();
        for (var i = 0; i < list.Count; i++)
        {
            var at = $"{file}: registries[{i}]";
            if (list[i] is not JsonObject entry)
            {
                errors.Add($"{at}: expected a mapping");
                continue;
            }
            var apiUrl = Text(entry, "api_url");
            if (apiUrl is null || !Uri.TryCreate(apiUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"{at}.api_url: expected an http(s) URL, got '{apiUrl}'");
                continue;
            }
            CredentialSource? credentials = null;
            if (Text(entry, "credentials") is { Length: > 0 } spec)
            {
                try
                {
                    credentials = CredentialSource.Parse(spec);
                }
                catch (ImageException e)
                {
                    errors.Add($"{at}.credentials: {e.Message}");
                }
            }
            var limit = RegistryEndpoint.DefaultLimit;
            if (Text(entry, "limit") is { } limitText && (!double.TryParse(limitText, NumberStyles.Float, CultureInfo.InvariantCulture, out limit) || limit <= 0))
            {
                errors.Add($"{at}.limit: expected a positive number of requests per second, got '{limitText}'");
                limit = RegistryEndpoint.DefaultLimit;
            }
            var prefix = Text(entry, "prefix") ?? "";
            endpoints.Add(new RegistryEndpoint(Text(entry, "name") ?? prefix, prefix.TrimEnd('/'), apiUrl.TrimEnd('/'), credentials,
                Flag(entry, "insecure"), Flag(entry, "default"), Text(entry, "defaultns"), limit));
        }
        if (errors.Count > 0) throw new ImageException(string.Join(Environment.NewLine, errors));
        return new RegistriesConfig(endpoints);
    }

    /// <summary>The endpoint serving <paramref name="image"/>, or null when none is declared for it.</summary>
    public RegistryEndpoint? For(ImageReference image)
    {
        var byPrefix = Endpoints
            .Where(e => e.Prefix.Length > 0 && (image.Registry.Equals(e.Prefix, StringComparison.OrdinalIgnoreCase)
                || image.Canonical.StartsWith(e.Prefix + "/", StringComparison.OrdinalIgnoreCase)))
            .MaxBy(e => e.Prefix.Length);
        return byPrefix ?? (image.Registry == ImageReference.DockerHub && !image.Name.StartsWith(ImageReference.DockerHub, StringComparison.Ordinal)
            ? Endpoints.FirstOrDefault(e => e.IsDefault)
            : null);
    }

    private static string? Text(JsonObject entry, string key) => entry[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => other.ToJsonString(),
    };

    private static bool Flag(JsonObject entry, string key) => entry[key] switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s is "yes" or "true" or "True",
        _ => false,
    };
}

/// <summary>The kinds of reference a credential can be read from (Image Updater's forms).</summary>
public enum CredentialSourceKind
{
    /// <summary><c>pullsecret:ns/name</c>: a <c>kubernetes.io/dockerconfigjson</c> Secret.</summary>
    PullSecret,

    /// <summary><c>secret:ns/name#field</c>: a Secret field holding <c>user:password</c>.</summary>
    Secret,

    /// <summary><c>env:VAR</c>: an environment variable holding <c>user:password</c>.</summary>
    Environment,
}

/// <summary>A parsed credential reference; it names where a secret lives, never holds one.</summary>
public sealed record CredentialSource(CredentialSourceKind Kind, string? Namespace, string Name, string? Field)
{
    /// <summary>Parses <c>pullsecret:ns/name</c>, <c>secret:ns/name#field</c> or <c>env:VAR</c>.</summary>
    public static CredentialSource Parse(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? "" : spec[..colon].Trim();
        var rest = colon < 0 ? "" : spec[(colon + 1)..].Trim();
        switch (kind)
        {
            case "env" when rest.Length > 0:
                return new CredentialSource(CredentialSourceKind.Environment, null, rest, null);
            case "pullsecret" when SplitName(rest) is ({ } ns, { } name) && !rest.Contains('#', StringComparison.Ordinal):
                return new CredentialSource(CredentialSourceKind.PullSecret, ns, name, null);
            case "secret":
                var hash = rest.IndexOf('#', StringComparison.Ordinal);
                if (hash > 0 && hash < rest.Length - 1 && SplitName(rest[..hash]) is ({ } sns, { } sname))
                {
                    return new CredentialSource(CredentialSourceKind.Secret, sns, sname, rest[(hash + 1)..]);
                }
                break;
        }
        // The value is not quoted: a credential written here by mistake must not reach a log or an error message.
        throw new ImageException("not a credential reference (expected pullsecret:NAMESPACE/NAME, secret:NAMESPACE/NAME#FIELD or env:VARIABLE; the value is not shown, as it may be a credential itself)");
    }

    private static (string?, string?) SplitName(string text)
    {
        var parts = text.Split('/');
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0 ? (parts[0], parts[1]) : (null, null);
    }

    public override string ToString() => Kind switch
    {
        CredentialSourceKind.Environment => $"env:{Name}",
        CredentialSourceKind.PullSecret => $"pullsecret:{Namespace}/{Name}",
        _ => $"secret:{Namespace}/{Name}#{Field}",
    };
}
