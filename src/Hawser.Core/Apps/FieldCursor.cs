using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Apps;

/// <summary>
/// Reads the fields of one JSON object with typed accessors, reporting type errors under the field's full path, and
/// after <see cref="Finish"/> warns about every field nobody read (unknown or not supported yet).
/// </summary>
internal sealed class FieldCursor
{
    private readonly JsonObject _node;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly DiagnosticSink _sink;

    public FieldCursor(JsonObject node, string path, DiagnosticSink sink)
    {
        _node = node;
        Path = path;
        _sink = sink;
    }

    public string Path { get; }

    /// <summary>The object this cursor reads (not a copy).</summary>
    public JsonObject Node => _node;

    public string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key) => _node[key] is not null;

    public void Error(string key, string message) => _sink.Error(key.Length == 0 ? Path : Child(key), message, LineOf(key));

    public void Warn(string key, string message) => _sink.Warn(Child(key), message, LineOf(key));

    /// <summary>The line the field was read from (the object's own line when the field is missing), when it is known.</summary>
    private int? LineOf(string key) => Manifests.FieldLines.Of(_node, key);

    /// <summary>Marks a field as read without using it (e.g. <c>status</c>).</summary>
    public void Skip(params string[] keys)
    {
        foreach (var key in keys) _read.Add(key);
    }

    /// <summary>Reads a field Hawser does not act on yet: warns when it is set to anything but an empty value.</summary>
    public JsonNode? Unsupported(string key, string why)
    {
        _read.Add(key);
        var node = _node[key];
        if (node is null) return null;
        var empty = node switch
        {
            JsonObject o => o.Count == 0,
            JsonArray a => a.Count == 0,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length == 0,
            JsonValue v when v.GetValueKind() == JsonValueKind.False => true,
            _ => false,
        };
        if (!empty) Warn(key, $"not supported by Hawser yet, ignored ({why})");
        return node;
    }

    public string? String(string key, bool required = false)
    {
        _read.Add(key);
        var node = _node[key];
        if (node is null)
        {
            if (required) Error(key, "is required");
            return null;
        }
        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.String: return v.GetValue<string>();
                case JsonValueKind.Number: return v.ToJsonString();
                case JsonValueKind.True: return "true";
                case JsonValueKind.False: return "false";
            }
        }
        Error(key, $"expected a string, found {Describe(node)}");
        return null;
    }

    /// <summary>A non-empty string, or null (an empty string counts as not set).</summary>
    public string? NonEmptyString(string key, bool required = false)
    {
        var s = String(key);
        if (string.IsNullOrEmpty(s))
        {
            if (required && _node[key] is null or JsonValue) Error(key, "is required");
            return null;
        }
        return s;
    }

    public bool Bool(string key, bool defaultValue = false)
    {
        _read.Add(key);
        var node = _node[key];
        if (node is null) return defaultValue;
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.True) return true;
            if (v.GetValueKind() == JsonValueKind.False) return false;
            if (v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>(), out var b)) return b;
        }
        Error(key, $"expected true or false, found {Describe(node)}");
        return defaultValue;
    }

    public long? Integer(string key)
    {
        _read.Add(key);
        var node = _node[key];
        if (node is null) return null;
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var l)) return l;
            if (v.GetValueKind() == JsonValueKind.Number && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue) return (long)d;
            if (v.GetValueKind() == JsonValueKind.String && long.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p)) return p;
        }
        Error(key, $"expected an integer, found {Describe(node)}");
        return null;
    }

    public double? Number(string key)
    {
        _read.Add(key);
        var node = _node[key];
        if (node is null) return null;
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number) return double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
            if (v.GetValueKind() == JsonValueKind.String && double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var p)) return p;
        }
        Error(key, $"expected a number, found {Describe(node)}");
        return null;
    }

    public IReadOnlyList<string> StringList(string key)
    {
        _read.Add(key);
        var node = _node[key];
        if (node is null) return [];
        if (node is not JsonArray array)
        {
            Error(key, $"expected a list of strings, found {Describe(node)}");
            return [];
        }
        var result = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                result.Add(v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString());
            else
                _sink.Error($"{Child(key)}[{i}]", $"expected a string, found {Describe(array[i])}", LineOf(key));
        }
        return result;
    }

    public IReadOnlyDictionary<string, string> StringMap(string key)
    {
        _read.Add(key);
        var node = _node[key];
        if (node is null) return new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (node is not JsonObject map)
        {
            Error(key, $"expected a map of strings, found {Describe(node)}");
            return new SortedDictionary<string, string>(StringComparer.Ordinal);
        }
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in map)
        {
            if (v is JsonValue value && value.GetValueKind() == JsonValueKind.String) result[k] = value.GetValue<string>();
            else if (v is JsonValue other && other.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False) result[k] = other.ToJsonString();
            else _sink.Error($"{Child(key)}.{k}", $"expected a string, found {Describe(v)}", LineOf(key));
        }
        return result;
    }

    public FieldCursor? Object(string key, bool required = false)
    {
        _read.Add(key);
        var node = _node[key];
        if (node is null)
        {
            if (required) Error(key, "is required");
            return null;
        }
        if (node is JsonObject obj) return new FieldCursor(obj, Child(key), _sink);
        Error(key, $"expected an object, found {Describe(node)}");
        return null;
    }

    /// <summary>The raw JSON object of a field (deep-copied), for fields kept as data (valuesObject, ApplicationSet spec).</summary>
    public JsonObject? RawObject(string key)
    {
        _read.Add(key);
        var node = _node[key];
        if (node is null) return null;
        if (node is JsonObject obj) return (JsonObject)obj.DeepClone();
        Error(key, $"expected an object, found {Describe(node)}");
        return null;
    }

    public IReadOnlyList<FieldCursor> ObjectList(string key)
    {
        _read.Add(key);
        var node = _node[key];
        if (node is null) return [];
        if (node is not JsonArray array)
        {
            Error(key, $"expected a list, found {Describe(node)}");
            return [];
        }
        var result = new List<FieldCursor>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject obj) result.Add(new FieldCursor(obj, $"{Child(key)}[{i}]", _sink));
            else _sink.Error($"{Child(key)}[{i}]", $"expected an object, found {Describe(array[i])}", LineOf(key));
        }
        return result;
    }

    /// <summary>Warns about every field that was not read: Hawser does not know it, so it does nothing with it.</summary>
    public void Finish()
    {
        foreach (var (key, _) in _node)
        {
            if (!_read.Contains(key)) Warn(key, "unknown field, ignored");
        }
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "a list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => $"the string \"{Truncate(v.GetValue<string>())}\"",
            JsonValueKind.Number => $"the number {v.ToJsonString()}",
            JsonValueKind.True or JsonValueKind.False => $"the boolean {v.ToJsonString()}",
            _ => "null",
        },
        _ => "a value",
    };

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;
}

/// <summary>Collects the errors and warnings of one object, each tagged with the object's location and name.</summary>
internal sealed class DiagnosticSink
{
    private readonly List<AppDiagnostic> _errors;
    private readonly List<AppDiagnostic> _warnings;
    private readonly Manifests.SourceLocation? _location;
    private readonly string _object;

    public DiagnosticSink(List<AppDiagnostic> errors, List<AppDiagnostic> warnings, Manifests.SourceLocation? location, string obj)
    {
        _errors = errors;
        _warnings = warnings;
        _location = location;
        _object = obj;
    }

    public int ErrorCount { get; private set; }

    /// <summary>Reports an error in <paramref name="field"/>, at <paramref name="line"/> when it is known (else where the object starts).</summary>
    public void Error(string field, string message, int? line = null)
    {
        ErrorCount++;
        _errors.Add(new AppDiagnostic(At(line), _object, field, message));
    }

    /// <summary>Reports a warning about <paramref name="field"/>, at <paramref name="line"/> when it is known.</summary>
    public void Warn(string field, string message, int? line = null) => _warnings.Add(new AppDiagnostic(At(line), _object, field, message));

    private Manifests.SourceLocation? At(int? line) => _location is not null && line is { } l ? _location with { Line = l } : _location;
}
