using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Manifests;

/// <summary>
/// Turns manifest files (multi-document YAML or JSON) into <see cref="KubeObject"/>s:
/// empty documents are skipped, <c>List</c> kinds are flattened into their items, and every object must have
/// <c>apiVersion</c>, <c>kind</c> and a <c>metadata.name</c> (or <c>generateName</c>).
/// Errors name the file, the document index and the line. Text is bounded by <see cref="ParseLimits"/> and must be
/// valid UTF-8 without NUL characters (<see cref="UntrustedText"/>).
/// </summary>
public static class ManifestReader
{
    /// <summary>Reads a file from disk; <paramref name="displayName"/> (e.g. the path inside the repository) is used in errors.</summary>
    public static async Task<IReadOnlyList<KubeObject>> ReadFileAsync(string path, string displayName, CancellationToken cancellationToken)
    {
        var text = await UntrustedText.ReadFileAsync(path, displayName, ParseLimits.Default, cancellationToken);
        return Read(text, displayName);
    }

    /// <summary>Reads YAML or JSON text. JSON is detected by a leading <c>{</c> or <c>[</c>.</summary>
    public static IReadOnlyList<KubeObject> Read(string text, string file, ParseLimits? limits = null)
    {
        limits ??= ParseLimits.Default;
        var trimmed = text.AsSpan().TrimStart();
        var documents = trimmed.Length > 0 && trimmed[0] is '{' or '['
            ? ParseJson(text, file, limits)
            : YamlDocuments.Parse(text, file, limits);

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
        if (WrongType(body) is { } problem) throw new ManifestException(location, problem);

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

    // The identity fields every stage reads must have the types Kubernetes gives them; anything else is named here, once.
    private static string? WrongType(JsonObject body)
    {
        foreach (var field in new[] { "apiVersion", "kind" })
        {
            if (body[field] is { } value && !IsString(value)) return $"{field} must be a string, found {value.GetValueKind()}";
        }
        if (body["metadata"] is { } metadata)
        {
            if (metadata is not JsonObject meta) return $"metadata must be a mapping, found {metadata.GetValueKind()}";
            foreach (var field in new[] { "name", "generateName", "namespace", "resourceVersion", "uid" })
            {
                if (meta[field] is { } value && !IsString(value)) return $"metadata.{field} must be a string, found {value.GetValueKind()}";
            }
        }
        return null;
    }

    private static bool IsString(JsonNode node) => node.GetValueKind() == JsonValueKind.String;

    private static string Describe(KubeObject obj) =>
        obj.Name.Length > 0 ? $"\"{obj.Name}\"" : "without a name";

    private static List<YamlDocumentNode> ParseJson(string text, string file, ParseLimits limits)
    {
        UntrustedText.Check(text, file, limits);
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        var options = new JsonReaderOptions
        {
            AllowMultipleValues = true,
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            // One more than the limit, so that CheckJsonDepth (not the reader) reports a document that is too deep.
            MaxDepth = limits.MaxDepth + 1,
        };
        var documents = new List<YamlDocumentNode>();
        var index = 0;
        var line = 1;
        try
        {
            CheckJsonDepth(utf8, options, text, file, limits);
            var reader = new Utf8JsonReader(utf8, options);
            while (reader.Read())
            {
                line = LineOf(text, (int)reader.TokenStartIndex);
                var start = reader.TokenStartIndex;
                var node = JsonNode.Parse(ref reader);
                Materialize(node);
                if (reader.BytesConsumed - start > limits.MaxDocumentChars)
                    throw new ManifestException(new SourceLocation(file, index, line), $"the document is larger than {limits.MaxDocumentChars / (1024 * 1024)} MiB");
                documents.Add(new YamlDocumentNode(index++, line, node));
            }
        }
        catch (JsonException e)
        {
            throw new ManifestException(new SourceLocation(file, index, (int)(e.LineNumber ?? 0) + 1), $"invalid JSON: {JsonMessage(e)}", e);
        }
        catch (ArgumentException e)
        {
            // JsonObject refuses a key it already holds; say so as the YAML reader does.
            throw new ManifestException(new SourceLocation(file, index, line), "invalid JSON: a key is defined twice in one object", e);
        }
        catch (InvalidOperationException e)
        {
            // A string escape the reader cannot turn into text, e.g. a lone surrogate "\ud800".
            throw new ManifestException(new SourceLocation(file, index, line), $"invalid JSON: {e.Message}", e);
        }
        return documents;
    }

    // JsonNode builds objects lazily and only then finds a duplicate key or a bad string escape; build them here, inside the
    // error handling.
    // The depth was checked first, so this recursion is bounded.
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o) Materialize(value);
                break;
            case JsonArray a:
                foreach (var item in a) Materialize(item);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                // Strings are unescaped lazily too: a lone surrogate ("\ud800") would throw later, far from this handling.
                v.GetValue<string>();
                break;
        }
    }

    // A token scan (no recursion) that stops a document nested deeper than the limit before any node is built.
    private static void CheckJsonDepth(byte[] utf8, JsonReaderOptions options, string text, string file, ParseLimits limits)
    {
        var reader = new Utf8JsonReader(utf8, options);
        var index = 0;
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= limits.MaxDepth)
                throw new ManifestException(new SourceLocation(file, index, LineOf(text, (int)reader.TokenStartIndex)),
                    $"invalid JSON: nesting is deeper than {limits.MaxDepth} levels");
            if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.Comment)) index++;
        }
    }

    // System.Text.Json ends its messages with " LineNumber: n | BytePositionInLine: m."; the location is reported separately.
    private static string JsonMessage(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        message = cut >= 0 ? message[..cut] : message;
        return message.Contains("maximum configured depth", StringComparison.Ordinal) ? "nesting is too deep" : message;
    }

    private static int LineOf(string text, int byteOffset)
    {
        // Offsets are in UTF-8 bytes; manifests are overwhelmingly ASCII, and the line is advisory.
        var end = Math.Min(byteOffset, text.Length);
        return 1 + text.AsSpan(0, end).Count('\n');
    }
}
