using System.Diagnostics.CodeAnalysis;
using Hawser.Manifests;

namespace Hawser.Compare;

/// <summary>
/// The ownership mark Hawser writes on every object it applies: annotation <c>hawser.io/tracking-id</c> with the value
/// <c>&lt;app&gt;:&lt;group&gt;/&lt;kind&gt;:&lt;namespace&gt;/&lt;name&gt;</c> (DESIGN §3, the same shape as Argo CD's annotation tracking).
/// The key is part of the value so that a copied object (same annotation, other name) is not mistaken for ours.
/// This is the only place the format is written or read.
/// <para>The value is unambiguous: an app name (an RFC 1123 subdomain, see <see cref="KubernetesNames"/>) holds no <c>:</c> or
/// <c>/</c>, a group or kind holds neither, and a namespace holds no <c>/</c>; only the object's name may hold <c>:</c>
/// (RBAC names such as <c>system:controller:x</c>), and it comes last. A tracking id is never written for an app whose
/// name holds a separator, so one app can never write a mark that reads as another's.</para>
/// </summary>
public sealed record TrackingId
{
    /// <summary>The mark <paramref name="App"/> writes on <paramref name="Key"/>.</summary>
    /// <exception cref="ArgumentException">The app name or a part of the key holds a separator.</exception>
    public TrackingId(string App, ResourceKey Key)
    {
        if (App.Length == 0 || App.AsSpan().IndexOfAny(':', '/') >= 0)
            throw new ArgumentException($"app name \"{App}\" cannot be written in a tracking id (it must be a Kubernetes name)", nameof(App));
        if (Key.Group.AsSpan().IndexOfAny(':', '/') >= 0 || Key.Kind.AsSpan().IndexOfAny(':', '/') >= 0 || Key.Namespace.Contains('/', StringComparison.Ordinal)
            || Key.Name.Contains('/', StringComparison.Ordinal))
            throw new ArgumentException($"{Key} cannot be written in a tracking id", nameof(Key));
        this.App = App;
        this.Key = Key;
    }

    /// <summary>The owning application's name.</summary>
    public string App { get; }

    /// <summary>The object the mark was written for.</summary>
    public ResourceKey Key { get; }

    /// <summary>The annotation that carries the tracking id.</summary>
    public const string Annotation = "hawser.io/tracking-id";

    /// <summary>Formats the annotation value.</summary>
    public override string ToString() => $"{App}:{Key.Group}/{Key.Kind}:{Key.Namespace}/{Key.Name}";

    /// <summary>Reads the tracking id of a live object; null when it has none or it is malformed.</summary>
    public static TrackingId? Of(KubeObject obj) =>
        obj.GetAnnotation(Annotation) is { } value && TryParse(value, out var id) ? id : null;

    /// <summary>Parses <c>app:group/kind:namespace/name</c> (the name may hold <c>:</c>, nothing else may).</summary>
    public static bool TryParse(string value, [NotNullWhen(true)] out TrackingId? id)
    {
        id = null;
        var first = value.IndexOf(':', StringComparison.Ordinal);
        if (first <= 0) return false;
        var second = value.IndexOf(':', first + 1);
        if (second < 0) return false;
        var app = value[..first];
        var groupKind = value[(first + 1)..second].Split('/');
        var nsName = value[(second + 1)..];
        var slash = nsName.IndexOf('/', StringComparison.Ordinal);
        if (app.Contains('/', StringComparison.Ordinal) || groupKind.Length != 2 || groupKind[1].Length == 0 || slash < 0) return false;
        var ns = nsName[..slash];
        var name = nsName[(slash + 1)..];
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal)) return false;
        id = new TrackingId(app, new ResourceKey(groupKind[0], groupKind[1], ns, name));
        return true;
    }

    /// <summary>True when this id marks <paramref name="key"/> as owned by <paramref name="app"/>.</summary>
    public bool IsOwnedBy(string app, ResourceKey key) => App == app && Key == key;
}
