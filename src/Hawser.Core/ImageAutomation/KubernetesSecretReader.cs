using System.Text.Json.Nodes;
using Hawser.Images;
using Hawser.Kubernetes;
using Hawser.Manifests;

namespace Hawser.ImageAutomation;

/// <summary>
/// Reads the Secrets that Image Updater's annotations and registries.conf name (<c>pullsecret:ns/name</c>,
/// <c>secret:ns/name#field</c>, <c>git:secret:ns/name</c>) from the cluster Hawser runs against (the in-cluster
/// destination), as Image Updater reads them from the cluster it runs in. Values are decoded here and never logged.
/// </summary>
public sealed class KubernetesSecretReader(Func<IKubernetesClient> client) : ISecretReader
{
    private static readonly GroupVersionKind SecretKind = new("", "v1", "Secret");

    public async Task<IReadOnlyDictionary<string, byte[]>?> ReadAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        KubeObject? secret;
        try
        {
            secret = await client().GetAsync(SecretKind, @namespace, name, cancellationToken);
        }
        catch (Exception e) when (e is KubernetesApiException or KubeconfigException)
        {
            throw new ImageException($"Secret {@namespace}/{name}: {e.Message}", e);
        }
        if (secret is null) return null;
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (secret.Body["data"] is JsonObject fields)
        {
            foreach (var (key, value) in fields)
            {
                try
                {
                    data[key] = Convert.FromBase64String((string?)value ?? "");
                }
                catch (FormatException)
                {
                    throw new ImageException($"Secret {@namespace}/{name}: data.{key} is not base64");
                }
            }
        }
        return data;
    }
}
