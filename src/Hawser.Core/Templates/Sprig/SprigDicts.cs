using System.Runtime.CompilerServices;

namespace Hawser.Templates;

/// <summary>Sprig's dictionary functions. Maps are shared by reference as Go maps are: <c>set</c> changes the map.</summary>
internal static class SprigDicts
{
    public static IEnumerable<GoFunction> All() =>
    [
        GoFunction.Variadic("dict", 0, Dict),
        GoFunction.Fixed("get", 2, c => c.Map(0).TryGetValue(c.String(1), out var v) ? v : ""),
        GoFunction.Fixed("set", 3, c => { var m = c.Map(0); m[c.String(1)] = c.Any(2); return m; }),
        GoFunction.Fixed("unset", 2, c => { var m = c.Map(0); m.Remove(c.String(1)); return m; }),
        GoFunction.Fixed("hasKey", 2, c => c.Map(0).ContainsKey(c.String(1))),
        GoFunction.Variadic("pluck", 1, Pluck),
        GoFunction.Variadic("dig", 3, Dig),
        GoFunction.Variadic("merge", 1, c => Merge(c, overwrite: false)),
        GoFunction.Variadic("mustMerge", 1, c => Merge(c, overwrite: false)),
        GoFunction.Variadic("mergeOverwrite", 1, c => Merge(c, overwrite: true)),
        GoFunction.Variadic("mustMergeOverwrite", 1, c => Merge(c, overwrite: true)),
        GoFunction.Variadic("keys", 0, Keys),
        GoFunction.Variadic("pick", 1, c => Pick(c, keep: true)),
        GoFunction.Variadic("omit", 1, c => Pick(c, keep: false)),
        GoFunction.Fixed("values", 1, c => { var m = c.Map(0); return GoValue.SortedKeys(m).Select(k => m[k]).ToList(); }),
        GoFunction.Fixed("deepCopy", 1, c => GoValue.DeepCopy(c.Any(0))),
        GoFunction.Fixed("mustDeepCopy", 1, c => c.Any(0) is null ? throw new TemplateFunctionException("copy: cannot copy nil") : GoValue.DeepCopy(c.Any(0))),
    ];

    private static Dictionary<string, object?> Dict(FunctionCall c)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < c.Count; i += 2)
        {
            var key = SprigValues.Strval(c.Any(i));
            map[key] = i + 1 < c.Count ? c.Any(i + 1) : "";
        }
        return map;
    }

    private static List<object?> Pluck(FunctionCall c)
    {
        var name = c.String(0);
        var result = new List<object?>();
        for (var i = 1; i < c.Count; i++)
        {
            if (c.Map(i).TryGetValue(name, out var v)) result.Add(v);
        }
        return result;
    }

    private static object? Dig(FunctionCall c)
    {
        var map = c.Map(c.Count - 1);
        var fallback = c.Any(c.Count - 2);
        var keys = Enumerable.Range(0, c.Count - 2).Select(c.String).ToList();
        object? current = map;
        foreach (var key in keys)
        {
            if (current is not Dictionary<string, object?> step || !step.TryGetValue(key, out current)) return fallback;
        }
        return current;
    }

    private static Dictionary<string, object?> Merge(FunctionCall c, bool overwrite)
    {
        var destination = c.Map(0);
        for (var i = 1; i < c.Count; i++)
        {
            if (c.Any(i) is Dictionary<string, object?> source) MergeInto(destination, source, overwrite);
        }
        return destination;
    }

    /// <summary>mergo's deep merge: nested maps merge; otherwise a key is filled when missing or empty, and with
    /// <paramref name="overwrite"/> a non-empty source value replaces the destination's.</summary>
    private static void MergeInto(Dictionary<string, object?> destination, Dictionary<string, object?> source, bool overwrite)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        foreach (var (key, value) in source)
        {
            if (!destination.TryGetValue(key, out var existing))
            {
                destination[key] = GoValue.DeepCopy(value);
                continue;
            }
            if (existing is Dictionary<string, object?> into && value is Dictionary<string, object?> from)
            {
                MergeInto(into, from, overwrite);
                continue;
            }
            if (SprigValues.IsEmpty(existing) || (overwrite && !SprigValues.IsEmpty(value))) destination[key] = GoValue.DeepCopy(value);
        }
    }

    private static List<object?> Keys(FunctionCall c)
    {
        var keys = new List<string>();
        for (var i = 0; i < c.Count; i++) keys.AddRange(c.Map(i).Keys);
        keys.Sort(StringComparer.Ordinal);
        return keys.Cast<object?>().ToList();
    }

    private static Dictionary<string, object?> Pick(FunctionCall c, bool keep)
    {
        var map = c.Map(0);
        var names = Enumerable.Range(1, c.Count - 1).Select(c.String).ToHashSet(StringComparer.Ordinal);
        return map.Where(kv => names.Contains(kv.Key) == keep).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }
}
