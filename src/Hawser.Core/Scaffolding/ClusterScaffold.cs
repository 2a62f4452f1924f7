using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Scaffolding;

/// <summary>
/// A cluster Secret in Argo CD's declarative format (label <c>argocd.argoproj.io/secret-type: cluster</c>, <c>name</c>,
/// <c>server</c> and a <c>config</c> JSON), with the credentials left as placeholders to fill in (or to replace by a sealed or
/// external secret) before it is applied: a bearer token and the CA certificate. Written where the repo keeps its cluster
/// Secrets (<c>clusters/</c> by default).
/// </summary>
public static class ClusterScaffold
{
    // The placeholders' angle brackets stay readable (the config is YAML text, never HTML).
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <exception cref="ScaffoldException">The name is not an RFC 1123 label or the server is not an http(s) URL.</exception>
    public static IReadOnlyList<ScaffoldFile> Plan(RepoConventions conventions, string name, string server)
    {
        AppScaffold.Check("cluster name", name, KubernetesNames.LabelError);
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new ScaffoldException($"--server \"{server}\": expected the API server's URL, e.g. https://10.0.0.1:6443");
        var config = new JsonObject
        {
            ["bearerToken"] = "<a service account token with access to the cluster>",
            ["tlsClientConfig"] = new JsonObject { ["insecure"] = false, ["caData"] = "<the cluster CA certificate, base64-encoded PEM>" },
        };
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"cluster-{name}",
                ["namespace"] = conventions.ArgoNamespace,
                ["labels"] = new JsonObject { ["argocd.argoproj.io/secret-type"] = "cluster" },
            },
            ["type"] = "Opaque",
            ["stringData"] = new JsonObject
            {
                ["name"] = name,
                ["server"] = server,
                ["config"] = config.ToJsonString(Indented) + "\n",
            },
        };
        return [new ScaffoldFile($"{conventions.ClustersDirectory}/{name}.yaml".TrimStart('.', '/'), ManifestWriter.ToYaml(secret))];
    }
}
