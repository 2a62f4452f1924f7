using System.Diagnostics.CodeAnalysis;
using Hawser.Manifests;

namespace Hawser.Compare;

/// <summary>
/// The ownership mark Hawser writes on every object it applies: annotation <c>hawser.io/tracking-id</c> with the value
/// <c>&lt;app&gt;:&lt;group&gt;/&lt;kind&gt;:&lt;namespace&gt;/&lt;name&gt;</c> (DESIGN §3, the same shape as Argo CD's annotation tracking).
/// The key is part of the value so that a copied object (same annotation, other name) is not mistaken for ours.
/// This is the only place the format is written or read.
/// </summary>
/// <param name="App">The owning application's name.</param>
/// <param name="Key">The object the mark was written for.</param>
public sealed record TrackingId(string App, ResourceKey Key)
{
    /// <summary>The annotation that carries the tracking id.</summary>
    public const string Annotation = "hawser.io/tracking-id";

    /// <summary>Formats the annotation value.</summary>
    public override string ToString() => $"{App}:{Key.Group}/{Key.Kind}:{Key.Namespace}/{Key.Name}";

    /// <summary>Reads the tracking id of a live object; null when it has none or it is malformed.</summary>
    public static TrackingId? Of(KubeObject obj) =>
        obj.GetAnnotation(Annotation) is { } value && TryParse(value, out var id) ? id : null;

    /// <summary>Parses <c>app:group/kind:namespace/name</c>.</summary>
    public static bool TryParse(string value, [NotNullWhen(true)] out TrackingId? id)
    {
        id = null;
        var parts = value.Split(':');
        if (parts.Length != 3 || parts[0].Length == 0) return false;
        var groupKind = parts[1].Split('/');
        var nsName = parts[2].Split('/');
        if (groupKind.Length != 2 || nsName.Length != 2 || groupKind[1].Length == 0 || nsName[1].Length == 0) return false;
        id = new TrackingId(parts[0], new ResourceKey(groupKind[0], groupKind[1], nsName[0], nsName[1]));
        return true;
    }

    /// <summary>True when this id marks <paramref name="key"/> as owned by <paramref name="app"/>.</summary>
    public bool IsOwnedBy(string app, ResourceKey key) => App == app && Key == key;
}
