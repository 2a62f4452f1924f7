using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Patching;

/// <summary>
/// JSON patch (RFC 6902): <c>add</c>, <c>remove</c>, <c>replace</c>, <c>move</c>, <c>copy</c> and <c>test</c> on JSON pointers (RFC 6901,
/// <c>~0</c> for <c>~</c> and <c>~1</c> for <c>/</c>). Operations run in order on one private copy; any failure rejects the whole patch.
/// </summary>
internal static class JsonPatch
{
    public static JsonObject Apply(JsonObject live, JsonNode? patch)
    {
        if (patch is not JsonArray operations) throw new PatchException("a JSON patch must be a JSON array of operations");
        JsonNode document = live.DeepClone();
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject operation) throw new PatchException($"JSON patch operation {i} is not an object");
            document = ApplyOne(document, operation, i);
        }
        return document as JsonObject ?? throw new PatchException("the JSON patch result is not a JSON object");
    }

    private static JsonNode ApplyOne(JsonNode document, JsonObject operation, int index)
    {
        var op = Text(operation, "op", index);
        var path = Text(operation, "path", index);
        switch (op)
        {
            case "add":
                return Add(document, path, Value(operation, index)?.DeepClone());
            case "remove":
                Remove(document, path);
                return document;
            case "replace":
                if (path.Length == 0) return Value(operation, index)?.DeepClone() ?? throw new PatchException("cannot replace the document with null");
                Remove(document, path);
                return Add(document, path, Value(operation, index)?.DeepClone());
            case "move":
            {
                var from = Text(operation, "from", index);
                if (path.StartsWith(from + "/", StringComparison.Ordinal)) throw new PatchException($"cannot move \"{from}\" into its own child \"{path}\"");
                if (from == path) return document;
                var value = Remove(document, from);
                return Add(document, path, value);
            }
            case "copy":
                return Add(document, path, Get(document, Text(operation, "from", index))?.DeepClone());
            case "test":
                if (!JsonNode.DeepEquals(Get(document, path), Value(operation, index)))
                {
                    throw new PatchException($"test operation failed: the value at \"{path}\" is not the expected one");
                }
                return document;
            default:
                throw new PatchException($"unknown JSON patch operation \"{op}\"");
        }
    }

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        if (path.Length == 0) return value ?? throw new PatchException("cannot replace the document with null");
        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array:
                if (last == "-")
                {
                    array.Add(value);
                    break;
                }
                var at = ParseIndex(last, path);
                if (at > array.Count) throw new PatchException($"index {at} is out of range in \"{path}\"");
                array.Insert(at, value);
                break;
            default:
                throw new PatchException($"cannot add at \"{path}\": the parent is not an object or array");
        }
        return document;
    }

    private static JsonNode? Remove(JsonNode document, string path)
    {
        if (path.Length == 0) throw new PatchException("cannot remove the whole document");
        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj:
                if (!obj.TryGetPropertyValue(last, out var value)) throw new PatchException($"cannot remove \"{path}\": it does not exist");
                obj.Remove(last);
                return value;
            case JsonArray array:
                var at = ParseIndex(last, path);
                if (at >= array.Count) throw new PatchException($"cannot remove \"{path}\": index out of range");
                var item = array[at];
                array.RemoveAt(at);
                return item;
            default:
                throw new PatchException($"cannot remove \"{path}\": it does not exist");
        }
    }

    private static JsonNode? Get(JsonNode document, string path)
    {
        JsonNode? node = document;
        foreach (var token in Tokens(path))
        {
            node = Step(node, token, path);
        }
        return node;
    }

    private static (JsonNode? Parent, string Last) Parent(JsonNode document, string path)
    {
        var tokens = Tokens(path);
        JsonNode? node = document;
        for (var i = 0; i < tokens.Count - 1; i++) node = Step(node, tokens[i], path);
        return (node, tokens[^1]);
    }

    private static JsonNode? Step(JsonNode? node, string token, string path) => node switch
    {
        JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
        JsonArray array when ParseIndex(token, path) is var at && at < array.Count => array[at],
        _ => throw new PatchException($"the path \"{path}\" does not exist"),
    };

    private static int ParseIndex(string token, string path)
    {
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit)
            || !int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var at))
        {
            throw new PatchException($"\"{token}\" in \"{path}\" is not a valid array index");
        }
        return at;
    }

    /// <summary>Splits a JSON pointer into unescaped tokens.</summary>
    public static List<string> Tokens(string pointer)
    {
        if (pointer.Length == 0) return [];
        if (pointer[0] != '/') throw new PatchException($"\"{pointer}\" is not a JSON pointer: it must start with '/'");
        return [.. pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    private static string Text(JsonObject operation, string field, int index) =>
        operation[field] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new PatchException($"JSON patch operation {index} has no \"{field}\" string");

    private static JsonNode? Value(JsonObject operation, int index) =>
        operation.TryGetPropertyValue("value", out var value) ? value : throw new PatchException($"JSON patch operation {index} has no \"value\"");
}
