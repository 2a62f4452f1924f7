namespace Hawser.Manifests;

/// <summary>
/// Bounds on what one YAML or JSON text read from Git (or from a tool's output) may cost. Every reader of untrusted text
/// (<see cref="YamlDocuments"/>, <see cref="ManifestReader"/>, and through them Application files, values files and
/// kustomizations) enforces them, so a small hostile file fails with a clear error instead of exhausting the process.
/// docs/security.md explains the figures.
/// </summary>
/// <param name="MaxDepth">Deepest nesting of mappings and sequences (aliases included).</param>
/// <param name="MaxAliases">Aliases (<c>*name</c>, merge keys included) in one text.</param>
/// <param name="MaxAliasNodes">Nodes that alias expansion may copy in one text (what a "billion laughs" document inflates).</param>
/// <param name="MaxDocumentChars">Characters in one document of a stream.</param>
/// <param name="MaxTextChars">Characters in one file or tool output.</param>
public sealed record ParseLimits(int MaxDepth, int MaxAliases, long MaxAliasNodes, int MaxDocumentChars, long MaxTextChars)
{
    /// <summary>256 levels, 10,000 aliases copying at most 100,000 nodes, 3 MiB per document, 32 MiB per text.</summary>
    public static readonly ParseLimits Default = new(256, 10_000, 100_000, 3 * 1024 * 1024, 32L * 1024 * 1024);
}
