using System.Text;

namespace Hawser.Sandbox.Hosting;

/// <summary>
/// Writes the sandbox's kubeconfig: cluster, user and context all named <c>hawser-sandbox</c>, the CA embedded as
/// <c>certificate-authority-data</c>, a bearer token (kubectl prompts for a username over HTTPS without one), default namespace <c>default</c>.
/// </summary>
internal static class KubeconfigWriter
{
    public const string ContextName = "hawser-sandbox";

    public static string Render(Uri server, string caPem, string token)
    {
        var ca = Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem));
        return $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {{ContextName}}
              cluster:
                server: {{server.GetLeftPart(UriPartial.Authority)}}
                certificate-authority-data: {{ca}}
            users:
            - name: {{ContextName}}
              user:
                token: {{token}}
            contexts:
            - name: {{ContextName}}
              context:
                cluster: {{ContextName}}
                user: {{ContextName}}
                namespace: default
            current-context: {{ContextName}}
            preferences: {}

            """;
    }

    public static void Write(string path, Uri server, string caPem, string token) =>
        SandboxCertificates.WriteSecret(path, Render(server, caPem, token));
}
