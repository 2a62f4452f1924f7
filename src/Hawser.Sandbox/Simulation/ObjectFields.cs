using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Simulation;

/// <summary>Small readers shared by the status rules: integers with defaults, generation, names, stable hashes and times.</summary>
internal static class ObjectFields
{
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static long Int(JsonNode? node, long fallback) =>
        node is JsonValue v && v.TryGetValue<long>(out var n) ? n : fallback;

    public static long Generation(JsonObject obj) => Int(obj["metadata"]?["generation"], 1);

    public static string Name(JsonObject obj) => StatusConditions.Text(obj["metadata"]?["name"]);

    public static string Namespace(JsonObject obj) => StatusConditions.Text(obj["metadata"]?["namespace"]);

    public static string Time(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>32-bit FNV-1a of a string: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    public static uint Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return hash;
    }

    /// <summary>A pod-template-hash style suffix (Kubernetes' "safe" alphabet, no vowels) for a template.</summary>
    public static string TemplateHash(JsonNode? template)
    {
        var hash = Hash(template?.ToJsonString() ?? "");
        var builder = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            builder.Append(SafeAlphabet[(int)(hash % (uint)SafeAlphabet.Length)]);
            hash = (hash / (uint)SafeAlphabet.Length) ^ (hash << 7) ^ (uint)i;
        }
        return builder.ToString();
    }

    /// <summary>Replaces <c>status</c> when it differs; returns true when the object changed.</summary>
    public static bool SetStatus(JsonObject obj, JsonObject status)
    {
        if (JsonNode.DeepEquals(obj["status"], status)) return false;
        obj["status"] = status;
        return true;
    }
}
