using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hawser.Apps;

namespace Hawser.Rendering;

/// <summary>
/// The identity of one render: a SHA-256 over the app name, destination namespace, every source with all its options
/// (values included) and the commit or chart version it resolved to, and the tool versions. Same key, same objects.
/// </summary>
public readonly record struct RenderCacheKey(string Value)
{
    /// <summary>Bumped when Hawser's rendering changes output for the same inputs.</summary>
    private const string RendererVersion = "hawser-render-1";

    /// <summary>Computes the key. <paramref name="revisions"/> holds, per source, the resolved commit or chart version.</summary>
    public static RenderCacheKey Compute(string appName, string destinationNamespace, IReadOnlyList<ApplicationSource> sources, IReadOnlyList<string> revisions, string toolVersions)
    {
        var sb = new StringBuilder(512);
        sb.Append(RendererVersion).Append('\n').Append(appName).Append('\n').Append(destinationNamespace).Append('\n').Append(toolVersions).Append('\n');
        for (var i = 0; i < sources.Count; i++)
        {
            sb.Append(revisions[i]).Append('\n');
            sb.Append(JsonSerializer.Serialize(sources[i], PlainJsonContext.Default.ApplicationSource)).Append('\n');
        }
        return new RenderCacheKey(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()))));
    }

    public override string ToString() => Value;
}
