using Hawser.Manifests;

namespace Hawser.Rendering;

/// <summary>What rendering produced: the objects in the tool's order and the tool's warnings (stderr lines), both read-only.</summary>
public sealed record RenderedManifests(IReadOnlyList<KubeObject> Objects, IReadOnlyList<string> Warnings)
{
    public static readonly RenderedManifests Empty = new([], []);
}

/// <summary>Rendering failed: a tool failed (its message is quoted), a file is invalid, or a path is unsafe.</summary>
public sealed class RenderException : Exception
{
    public RenderException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
