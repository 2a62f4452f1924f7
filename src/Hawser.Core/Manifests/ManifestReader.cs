using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Manifests;

/// <summary>
/// Turns manifest files (multi-document YAML or JSON) into <see cref="KubeObject"/>s:
/// empty documents are skipped, <c>List</c> kinds are flattened into their items, and every object must have
/// <c>apiVersion</c>, <c>kind</c> and a <c>metadata.name</c> (or <c>generateName</c>).
/// Errors name the file, the document index and the line.
/// </summary>
public static class ManifestReader
{
    /// <summary>Reads a file from disk; <paramref name="displayName"/> (e.g. the path inside the repository) is used in errors.</summary>
    public static async Task<IReadOnlyList<KubeObject>> ReadFileAsync(string path, string displayName, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        return Read(text, displayName);
    }

    /// <summary>Reads YAML or JSON text. JSON is detected by a leading <c>{</c> or <c>[</c>.</summary>
    public static IReadOnlyList<KubeObject> Read(string text, string file)
    {
        var trimmed = text.AsSpan().TrimStart();
        var documents = trimmed.Length > 0 && trimmed[0] is '{' or '['
            ? ParseJson(text, file)
            : YamlDocuments.Parse(text, file);

        var objects = new List<KubeObject>();
        foreach (var document in documents)
        {
            if (document.Root is null) continue;
            var location = new SourceLocation(file, document.Index, document.Line);
            if (document.Root is JsonArray array)
            {
                foreach (var item in array) AddObject(objects, item?.DeepClone(), location);
                continue;
            }
            AddObject(objects, document.Root, location);
        }
        return objects;
    }

    private static void AddObject(List<KubeObject> objects, JsonNode? node, SourceLocation location)
    {
        if (node is null) return;
        if (node is not JsonObject body)
            throw new ManifestException(location, $"expected a Kubernetes object (a mapping), found {node.GetValueKind()}");
        if (body.Count == 0) return;

        var obj = new KubeObject(body, location);
        var missing = new List<string>();
        if (obj.ApiVersion.Length == 0) missing.Add("apiVersion");
        if (obj.Kind.Length == 0) missing.Add("kind");
        if (missing.Count > 0)
            throw new ManifestException(location, $"object {Describe(obj)} is missing field(s) {string.Join(", ", missing)}");

        if (obj.IsList)
        {
            foreach (var item in (JsonArray)body["items"]!)
                AddObject(objects, item?.DeepClone(), location);
            return;
        }

        if (obj.Name.Length == 0 && obj.GenerateName.Length == 0)
            throw new ManifestException(location, $"{obj.Kind} object is missing field metadata.name");
        objects.Add(obj);
    }

    private static string Describe(KubeObject obj) =>
        obj.Name.Length > 0 ? $"\"{obj.Name}\"" : "without a name";

    private static List<YamlDocumentNode> ParseJson(string text, string file)
    {
        var documents = new List<YamlDocumentNode>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text), new JsonReaderOptions
        {
            AllowMultipleValues = true,
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        var index = 0;
        try
        {
            while (reader.Read())
            {
                var line = LineOf(text, (int)reader.TokenStartIndex);
                var node = JsonNode.Parse(ref reader);
                documents.Add(new YamlDocumentNode(index++, line, node));
            }
        }
        catch (JsonException e)
        {
            throw new ManifestException(new SourceLocation(file, index, (int)(e.LineNumber ?? 0) + 1), $"invalid JSON: {e.Message}", e);
        }
        return documents;
    }

    private static int LineOf(string text, int byteOffset)
    {
        // Offsets are in UTF-8 bytes; manifests are overwhelmingly ASCII, and the line is advisory.
        var end = Math.Min(byteOffset, text.Length);
        var line = 1;
        for (var i = 0; i < end; i++) if (text[i] == '\n') line++;
        return line;
    }
}
