using System.Text.Json.Nodes;
using Hawser.Sources;

namespace Hawser.Images;

/// <summary>An image platform: <c>os/architecture[/variant]</c>, e.g. <c>linux/arm64/v8</c>.</summary>
public sealed record ImagePlatform(string Os, string Architecture, string? Variant)
{
    /// <summary>The platform most clusters run, the default of a single-platform copy.</summary>
    public static ImagePlatform LinuxAmd64 { get; } = new("linux", "amd64", null);

    /// <summary>Parses <c>os/arch[/variant]</c>.</summary>
    public static ImagePlatform Parse(string text)
    {
        var parts = text.Trim().Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
        {
            throw new ImageException($"'{text}' is not a platform (expected os/architecture[/variant], e.g. linux/amd64)");
        }
        return new ImagePlatform(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
    }

    /// <summary>True when a manifest for <paramref name="other"/> serves this platform (a missing variant matches any).</summary>
    public bool Matches(ImagePlatform other) =>
        Os == other.Os && Architecture == other.Architecture && (Variant is null || other.Variant is null || Variant == other.Variant);

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}

/// <summary>A content descriptor of a manifest: what it points to.</summary>
internal sealed record OciDescriptor(string MediaType, string Digest, long Size, ImagePlatform? Platform, bool Foreign);

/// <summary>Reads the descriptors out of manifests and indexes.</summary>
internal static class OciManifestContent
{
    /// <summary>The manifests an index lists.</summary>
    public static IReadOnlyList<OciDescriptor> Children(OciManifest index, string image) => Descriptors(Parse(index, image)["manifests"] as JsonArray, image, "manifests");

    /// <summary>The config blob of an image manifest.</summary>
    public static OciDescriptor Config(OciManifest manifest, string image) =>
        Descriptor(Parse(manifest, image)["config"], image, "config")
        ?? throw new ImageException($"{image}: manifest {manifest.Digest} has no config");

    /// <summary>The layers of an image manifest.</summary>
    public static IReadOnlyList<OciDescriptor> Layers(OciManifest manifest, string image) => Descriptors(Parse(manifest, image)["layers"] as JsonArray, image, "layers");

    private static JsonObject Parse(OciManifest manifest, string image)
    {
        try
        {
            if (JsonNode.Parse(manifest.Content) is JsonObject o)
            {
                if (o["schemaVersion"]?.GetValue<int>() == 1) throw new ImageException($"{image}: manifest schema 1 is not supported (push the image again with a current client)");
                return o;
            }
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ImageException($"{image}: manifest {manifest.Digest} is not valid JSON", e);
        }
        throw new ImageException($"{image}: manifest {manifest.Digest} is not a JSON object");
    }

    private static List<OciDescriptor> Descriptors(JsonArray? array, string image, string field) =>
        (array ?? []).Select((d, i) => Descriptor(d, image, $"{field}[{i}]") ?? throw new ImageException($"{image}: {field}[{i}] is not a descriptor")).ToList();

    private static OciDescriptor? Descriptor(JsonNode? node, string image, string field)
    {
        if (node is not JsonObject d) return null;
        var digest = (string?)d["digest"];
        if (digest is null || !OciDigest.IsDigest(digest)) throw new ImageException($"{image}: {field}.digest is missing or malformed");
        var size = d["size"]?.GetValue<long>() ?? throw new ImageException($"{image}: {field}.size is missing");
        ImagePlatform? platform = null;
        if (d["platform"] is JsonObject p && (string?)p["os"] is { } os && (string?)p["architecture"] is { } arch)
        {
            platform = new ImagePlatform(os, arch, (string?)p["variant"]);
        }
        var mediaType = (string?)d["mediaType"] ?? "";
        var foreign = d["urls"] is JsonArray { Count: > 0 } || mediaType.Contains("foreign", StringComparison.Ordinal) || mediaType.Contains("nondistributable", StringComparison.Ordinal);
        return new OciDescriptor(mediaType, digest, size, platform, foreign);
    }
}
