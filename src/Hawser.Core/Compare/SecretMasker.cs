using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Compare;

/// <summary>
/// Replaces the values of a Secret's <c>data</c> and <c>stringData</c> with plus signs before anything is shown, as Argo CD does:
/// equal values get the same mask and different values different masks (<c>++++++++</c>, <c>+++++++++</c>, ...), so a changed
/// value is still visible in a diff without revealing either value. Masks are assigned in a fixed order (live then desired,
/// keys sorted) so output never depends on input order.
/// </summary>
internal static class SecretMasker
{
    private const int FirstMaskLength = 8;

    /// <summary>True when <paramref name="obj"/> is a core Secret.</summary>
    public static bool IsSecret(KubeObject? obj) => obj is { Kind: "Secret", Group: "" };

    /// <summary>Masks a live/desired pair (either may be null); returns masked copies.</summary>
    public static (KubeObject? Live, KubeObject? Desired) Mask(KubeObject? live, KubeObject? desired)
    {
        if (!IsSecret(live) && !IsSecret(desired)) return (live, desired);
        var masks = new Dictionary<string, string>(StringComparer.Ordinal);
        var maskedLive = live is null ? null : MaskOne(live, masks);
        var maskedDesired = desired is null ? null : MaskOne(desired, masks);
        return (maskedLive, maskedDesired);
    }

    /// <summary>Masks one Secret on its own (for output that shows a single object).</summary>
    public static KubeObject MaskSingle(KubeObject obj) =>
        IsSecret(obj) ? MaskOne(obj, new Dictionary<string, string>(StringComparer.Ordinal)) : obj;

    private static KubeObject MaskOne(KubeObject obj, Dictionary<string, string> masks)
    {
        var copy = obj.DeepClone();
        foreach (var field in (string[])["data", "stringData"])
        {
            if (copy.Body[field] is not JsonObject map) continue;
            foreach (var key in map.Select(p => p.Key).Order(StringComparer.Ordinal).ToList())
            {
                var value = map[key]?.ToJsonString() ?? "null";
                if (!masks.TryGetValue(value, out var mask))
                {
                    mask = new string('+', FirstMaskLength + masks.Count);
                    masks[value] = mask;
                }
                map[key] = mask;
            }
        }
        // The last-applied annotation would carry the values in clear text.
        if (copy.Metadata?["annotations"] is JsonObject a) a.Remove("kubectl.kubernetes.io/last-applied-configuration");
        return copy;
    }
}
