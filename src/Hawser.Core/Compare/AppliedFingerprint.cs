using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Compare;

/// <summary>
/// A fast proof that an object is still as Hawser last applied it, so that a no-op re-sync needs no dry run per object.
/// Every applied object (except Secrets, whose content must not be fingerprinted) carries annotation
/// <c>hawser.io/applied-hash</c>: a SHA-256 of the object Hawser applied (keys sorted, the annotation itself left out).
/// The live object is proven synced when its annotation equals the desired object's and no other field manager wrote it
/// since Hawser's last apply (no <c>metadata.managedFields</c> entry of another manager, outside the status subresource,
/// is as recent as Hawser's). Anything else falls back to the server-side dry run.
/// </summary>
internal static class AppliedFingerprint
{
    public const string Annotation = "hawser.io/applied-hash";
    private const string Manager = "hawser";

    /// <summary>Writes the fingerprint of <paramref name="target"/> (a private copy) into its annotation.</summary>
    public static void Stamp(KubeObject target)
    {
        if (SecretMasker.IsSecret(target)) return;
        target.Metadata?["annotations"]?.AsObject().Remove(Annotation);
        target.SetAnnotation(Annotation, Compute(target.Body));
    }

    /// <summary>True when <paramref name="live"/> provably equals what applying <paramref name="target"/> would produce.</summary>
    public static bool ProvesSynced(KubeObject live, KubeObject target)
    {
        var expected = target.GetAnnotation(Annotation);
        if (expected is null || live.GetAnnotation(Annotation) != expected) return false;
        if (live.Metadata?["managedFields"] is not JsonArray entries) return false;
        DateTimeOffset? ours = null;
        var others = new List<DateTimeOffset?>();
        foreach (var entry in entries.OfType<JsonObject>())
        {
            if (Text(entry, "subresource") is { Length: > 0 }) continue;
            var time = DateTimeOffset.TryParse(Text(entry, "time"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTimeOffset?)null;
            if (Text(entry, "manager") == Manager && Text(entry, "operation") == "Apply") ours = time;
            else others.Add(time);
        }
        return ours is { } mine && others.All(o => o is { } other && other < mine);
    }

    private static string? Text(JsonObject entry, string field) =>
        entry[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Compute(JsonObject body)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, body);
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()))[..32];
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array) WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
