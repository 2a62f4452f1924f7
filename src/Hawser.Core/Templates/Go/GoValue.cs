using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Templates;

/// <summary>Go's invalid reflect.Value: what a missing map key or an absent dot evaluates to. Prints "&lt;no value&gt;".</summary>
internal sealed class NoValue
{
    public static readonly NoValue Instance = new();

    private NoValue() { }

    public override string ToString() => "<no value>";
}

/// <summary>A value with Go methods (a semver version): templates call them as <c>.Major</c> or <c>(semver "1.2.3").Major</c>.</summary>
internal interface IGoObject
{
    string GoTypeName { get; }

    bool TryInvoke(string method, IReadOnlyList<object?> args, out object? result);
}

/// <summary>
/// The template data model. Values are null (Go's nil interface), <see cref="NoValue"/>, string, bool, long (Go int),
/// double (Go float64), <see cref="Dictionary{TKey,TValue}"/> of string to value (map[string]interface{}),
/// <see cref="List{T}"/> of value ([]interface{}), <see cref="DateTimeOffset"/> (time.Time),
/// <see cref="TimeSpan"/> (time.Duration), <see cref="TemplateFunction"/> and <see cref="IGoObject"/>.
/// </summary>
internal static class GoValue
{
    public static readonly object Missing = NoValue.Instance;

    public static bool IsMissing(object? value) => value is NoValue;

    /// <summary>Turns caller data (JSON nodes, .NET collections and scalars) into the data model. JSON numbers become
    /// float64, as encoding/json decodes them into interface{}; .NET integers become Go ints.</summary>
    public static object? Import(object? value, JsonNumbers numbers = JsonNumbers.Float64)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case null: return null;
            case string or bool or long or double or DateTimeOffset or TimeSpan or TemplateFunction or IGoObject or NoValue:
                return value;
            case int or short or sbyte or byte or ushort or uint: return Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case ulong u: return u <= long.MaxValue ? (long)u : (double)u;
            case float f: return (double)f;
            case decimal m: return (double)m;
            case char c: return (long)c;
            case DateTime d: return new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d);
            case JsonNode node: return ImportJson(node, numbers);
            case JsonElement element: return ImportElement(element, numbers);
            case IDictionary<string, object?> map: return ImportMap(map, numbers);
            case IReadOnlyDictionary<string, object?> map: return ImportMap(map, numbers);
            case IDictionary map:
                var d2 = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
                foreach (DictionaryEntry e in map) d2[Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? ""] = Import(e.Value, numbers);
                return d2;
            case IEnumerable items:
                var list = new List<object?>();
                foreach (var item in items) list.Add(Import(item, numbers));
                return list;
        }
        throw new ArgumentException($"template data of type {value.GetType().Name} is not supported; use JSON nodes, dictionaries, lists, strings, numbers, booleans, times or durations");
    }

    private static Dictionary<string, object?> ImportMap(IEnumerable<KeyValuePair<string, object?>> map, JsonNumbers numbers)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in map) result[k] = Import(v, numbers);
        return result;
    }

    private static object? ImportJson(JsonNode? node, JsonNumbers numbers)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case null: return null;
            case JsonObject o:
                var map = new Dictionary<string, object?>(o.Count, StringComparer.Ordinal);
                foreach (var (k, v) in o) map[k] = ImportJson(v, numbers);
                return map;
            case JsonArray a:
                var list = new List<object?>(a.Count);
                foreach (var v in a) list.Add(ImportJson(v, numbers));
                return list;
        }
        var value = node.AsValue();
        if (value.TryGetValue<JsonElement>(out var element)) return ImportElement(element, numbers);
        if (value.TryGetValue<string>(out var s)) return s;
        if (value.TryGetValue<bool>(out var b)) return b;
        if (value.TryGetValue<long>(out var l)) return numbers == JsonNumbers.Float64 ? (double)l : l;
        if (value.TryGetValue<int>(out var i)) return numbers == JsonNumbers.Float64 ? (double)i : (long)i;
        if (value.TryGetValue<double>(out var dbl)) return dbl;
        if (value.TryGetValue<decimal>(out var m)) return (double)m;
        return ImportElement(JsonSerializer.SerializeToElement(node, PlainJsonContext.Default.JsonNode), numbers);
    }

    private static object? ImportElement(JsonElement element, JsonNumbers numbers)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var p in element.EnumerateObject()) map[p.Name] = ImportElement(p.Value, numbers);
                return map;
            case JsonValueKind.Array:
                var list = new List<object?>(element.GetArrayLength());
                foreach (var v in element.EnumerateArray()) list.Add(ImportElement(v, numbers));
                return list;
            case JsonValueKind.String: return element.GetString();
            case JsonValueKind.Number:
                // Kubernetes' unstructured decoding keeps integer literals as int64; encoding/json makes every number float64.
                if (numbers == JsonNumbers.Int64ForIntegers && element.TryGetInt64(out var integer)
                    && element.GetRawText().AsSpan().IndexOfAny('.', 'e', 'E') < 0)
                    return integer;
                return element.GetDouble();
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            default: return null;
        }
    }

    /// <summary>Go's truth: false, 0, nil, an empty string, list or map are false; everything else is true.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null or NoValue => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        ICollection c => c.Count > 0,
        TimeSpan t => t != TimeSpan.Zero,
        _ => true,
    };

    /// <summary>Go's name of the value's type, as %T and error messages print it.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "<nil>",
        NoValue => "<invalid reflect.Value>",
        string => "string",
        bool => "bool",
        long => "int",
        double => "float64",
        Dictionary<string, object?> => "map[string]interface {}",
        List<object?> => "[]interface {}",
        DateTimeOffset => "time.Time",
        TimeSpan => "time.Duration",
        TemplateFunction => "func(...interface {}) (interface {}, error)",
        IGoObject o => o.GoTypeName,
        _ => value.GetType().Name,
    };

    /// <summary>A value as a caller's <see cref="TemplateFunction"/> receives it (no value becomes null).</summary>
    public static object? Export(object? value) => value is NoValue ? null : value;

    /// <summary>Go's sorted order of map keys.</summary>
    public static List<string> SortedKeys(Dictionary<string, object?> map)
    {
        var keys = new List<string>(map.Keys);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>A deep copy, as Sprig's deepCopy (maps and lists are copied; scalars are immutable).</summary>
    public static object? DeepCopy(object? value)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return value switch
        {
            Dictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => DeepCopy(kv.Value), StringComparer.Ordinal),
            List<object?> list => list.Select(DeepCopy).ToList(),
            _ => value,
        };
    }
}
