using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Sources;

namespace Hawser.Images;

/// <summary>Reads a Kubernetes Secret's data (decoded), or null when it does not exist. The controller reads them from the cluster or the settings directory.</summary>
public interface ISecretReader
{
    /// <summary>The data of Secret <paramref name="name"/> in <paramref name="namespace"/>, or null.</summary>
    Task<IReadOnlyDictionary<string, byte[]>?> ReadAsync(string @namespace, string name, CancellationToken cancellationToken);
}

/// <summary>
/// Turns a <see cref="CredentialSource"/> into registry credentials: <c>env:VAR</c> and <c>secret:ns/name#field</c> hold
/// <c>user:password</c>; <c>pullsecret:ns/name</c> is a <c>.dockerconfigjson</c> whose <c>auths</c> entry for the
/// registry is used. Errors name the reference, never its value.
/// </summary>
public sealed class RegistryCredentialResolver(ISecretReader? secrets)
{
    /// <summary>The credentials <paramref name="source"/> names, for <paramref name="registry"/> (pull secrets hold several registries).</summary>
    public async Task<RepositoryCredentials?> ResolveAsync(CredentialSource source, string registry, CancellationToken cancellationToken)
    {
        switch (source.Kind)
        {
            case CredentialSourceKind.Environment:
                var value = Environment.GetEnvironmentVariable(source.Name)
                    ?? throw new ImageException($"credentials {source}: the environment variable is not set");
                return UserPassword(value, source);
            case CredentialSourceKind.Secret:
                var data = await ReadAsync(source, cancellationToken);
                if (!data.TryGetValue(source.Field!, out var field)) throw new ImageException($"credentials {source}: the Secret has no field '{source.Field}'");
                return UserPassword(Encoding.UTF8.GetString(field), source);
            default:
                var pull = await ReadAsync(source, cancellationToken);
                if (!pull.TryGetValue(".dockerconfigjson", out var config) && !pull.TryGetValue(".dockercfg", out config))
                {
                    throw new ImageException($"credentials {source}: the Secret has no .dockerconfigjson field");
                }
                JsonNode? root;
                try
                {
                    root = JsonNode.Parse(config);
                }
                catch (JsonException e)
                {
                    throw new ImageException($"credentials {source}: .dockerconfigjson is not valid JSON", e);
                }
                // The legacy .dockercfg is the auths map itself.
                if (root is JsonObject o && o["auths"] is null) root = new JsonObject { ["auths"] = o.DeepClone() };
                return DockerConfigCredentials.Parse(root, source.ToString()).For(registry);
        }
    }

    private async Task<IReadOnlyDictionary<string, byte[]>> ReadAsync(CredentialSource source, CancellationToken cancellationToken)
    {
        if (secrets is null) throw new ImageException($"credentials {source}: no access to Secrets here");
        return await secrets.ReadAsync(source.Namespace!, source.Name, cancellationToken)
            ?? throw new ImageException($"credentials {source}: the Secret does not exist");
    }

    private static RepositoryCredentials UserPassword(string value, CredentialSource source)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) throw new ImageException($"credentials {source}: expected the form user:password");
        return new RepositoryCredentials(value[..colon], value[(colon + 1)..].TrimEnd('\r', '\n'));
    }
}
