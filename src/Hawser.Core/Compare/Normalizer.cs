using System.Text;
using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Compare;

/// <summary>
/// The one place where live objects and dry-run results are made comparable. Each method removes one known source of
/// noise and says which upstream behaviour it works around (the pattern of Flux <c>ssa/normalize</c>). Every method
/// works on a private copy; callers never pass an object they were given.
/// </summary>
internal static class Normalizer
{
    /// <summary>Applies every normalisation to a copy of <paramref name="obj"/> and returns the copy.</summary>
    public static KubeObject Normalize(KubeObject obj)
    {
        var copy = obj.DeepClone();
        var body = copy.Body;
        DropStatus(body);
        DropManagedFields(body);
        DropServerAssignedMetadata(body);
        DropLastAppliedAnnotation(body);
        DropAppliedFingerprint(body);
        FoldSecretStringData(copy);
        DropEmptyMetadataMaps(body);
        return copy;
    }

    /// <summary>
    /// <c>status</c> belongs to controllers and is written through the <c>/status</c> subresource; a server-side apply of
    /// the main resource ignores it (Kubernetes API conventions, "spec and status"). It is never a desired-state difference.
    /// </summary>
    internal static void DropStatus(JsonObject body) => body.Remove("status");

    /// <summary>
    /// <c>metadata.managedFields</c> carries a timestamp per manager that every (dry-run) apply rewrites
    /// (KEP-555 server-side apply); comparing it would make every object look changed.
    /// </summary>
    internal static void DropManagedFields(JsonObject body) => Metadata(body)?.Remove("managedFields");

    /// <summary>
    /// The API server assigns <c>resourceVersion</c>, <c>uid</c>, <c>creationTimestamp</c>, <c>generation</c> and (before 1.20)
    /// <c>selfLink</c>; a dry run of a changed object bumps <c>generation</c> and <c>resourceVersion</c> without any spec difference
    /// worth showing (API conventions, "metadata").
    /// </summary>
    internal static void DropServerAssignedMetadata(JsonObject body)
    {
        if (Metadata(body) is not { } m) return;
        foreach (var field in (string[])["resourceVersion", "uid", "creationTimestamp", "generation", "selfLink"]) m.Remove(field);
    }

    /// <summary>
    /// <c>kubectl apply</c> (client-side) stores the whole last applied object in the
    /// <c>kubectl.kubernetes.io/last-applied-configuration</c> annotation; it duplicates the object and is not desired state.
    /// </summary>
    internal static void DropLastAppliedAnnotation(JsonObject body)
    {
        if (Metadata(body)?["annotations"] is JsonObject a) a.Remove("kubectl.kubernetes.io/last-applied-configuration");
    }

    /// <summary>
    /// Hawser's own <c>hawser.io/applied-hash</c> (see <see cref="AppliedFingerprint"/>) is a function of the rest of the
    /// desired object: equal content has an equal fingerprint, so comparing it only adds a noisy line to every diff.
    /// </summary>
    internal static void DropAppliedFingerprint(JsonObject body)
    {
        if (Metadata(body)?["annotations"] is JsonObject a) a.Remove(AppliedFingerprint.Annotation);
    }

    /// <summary>
    /// A Secret's <c>stringData</c> is write-only: the API server merges it into <c>data</c> (base64) and never returns it
    /// (core/v1 Secret reference). A desired object that was not dry-run is folded the same way so both sides read alike.
    /// </summary>
    internal static void FoldSecretStringData(KubeObject obj)
    {
        if (obj.Kind != "Secret" || obj.Group.Length != 0 || obj.Body["stringData"] is not JsonObject stringData) return;
        if (obj.Body["data"] is not JsonObject data)
        {
            data = new JsonObject();
            obj.Body["data"] = data;
        }
        foreach (var (k, v) in stringData.ToList())
        {
            var text = v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : v?.ToJsonString() ?? "";
            data[k] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        }
        obj.Body.Remove("stringData");
    }

    /// <summary>
    /// The API server drops empty <c>labels</c>/<c>annotations</c> maps, and removing the last-applied annotation can leave one
    /// empty; an empty map and a missing one mean the same (ObjectMeta, <c>omitempty</c>).
    /// </summary>
    internal static void DropEmptyMetadataMaps(JsonObject body)
    {
        if (Metadata(body) is not { } m) return;
        foreach (var field in (string[])["labels", "annotations"])
        {
            if (m[field] is JsonObject { Count: 0 }) m.Remove(field);
        }
    }

    private static JsonObject? Metadata(JsonObject body) => body["metadata"] as JsonObject;
}
