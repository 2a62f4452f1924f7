namespace Hawser.Templates;

/// <summary>Sprig's list functions, defaults (default, empty, coalesce, ternary, all, any, compact) and integer lists.
/// The <c>must</c> variants fail the same way the plain ones do here: sprig's plain list functions panic, which Go
/// reports as an error of the call.</summary>
internal static class SprigLists
{
    public static IEnumerable<GoFunction> All()
    {
        IEnumerable<GoFunction> Both(string name, int count, Func<FunctionCall, object?> body, bool variadic = false)
        {
            var title = "must" + char.ToUpperInvariant(name[0]) + name[1..];
            return variadic
                ? [GoFunction.Variadic(name, count, body), GoFunction.Variadic(title, count, body)]
                : [GoFunction.Fixed(name, count, body), GoFunction.Fixed(title, count, body)];
        }

        return
        [
            GoFunction.Variadic("default", 1, c => c.Count < 2 || SprigValues.IsEmpty(c.Any(1)) ? c.Any(0) : c.Any(1)),
            GoFunction.Fixed("empty", 1, c => SprigValues.IsEmpty(c.Any(0))),
            GoFunction.Variadic("coalesce", 0, c => c.AnyFrom(0).FirstOrDefault(v => !SprigValues.IsEmpty(v))),
            GoFunction.Variadic("all", 0, c => c.AnyFrom(0).All(v => !SprigValues.IsEmpty(v))),
            GoFunction.Variadic("any", 0, c => c.AnyFrom(0).Any(v => !SprigValues.IsEmpty(v))),
            GoFunction.Fixed("ternary", 3, c => c.Bool(2) ? c.Any(0) : c.Any(1)),
            GoFunction.Variadic("list", 0, c => c.AnyFrom(0).ToList()),
            GoFunction.Variadic("tuple", 0, c => c.AnyFrom(0).ToList()),
            .. Both("first", 1, c => Of(c, "find first").FirstOrDefault()),
            .. Both("last", 1, c => Of(c, "find last").LastOrDefault()),
            .. Both("rest", 1, c => Of(c, "find rest") is { Count: > 0 } l ? l.Skip(1).ToList() : null),
            .. Both("initial", 1, c => Of(c, "find initial") is { Count: > 0 } l ? l.Take(l.Count - 1).ToList() : null),
            .. Both("append", 2, c => Append(c)),
            .. Both("push", 2, c => Append(c)),
            .. Both("prepend", 2, c => (List<object?>)[c.Any(1), .. SprigValues.List(c.Any(0), "prepend")]),
            GoFunction.Variadic("concat", 0, Concat),
            .. Both("reverse", 1, c => Enumerable.Reverse(Of(c, "find reverse")).ToList()),
            .. Both("uniq", 1, c => Uniq(Of(c, "find uniq"))),
            .. Both("without", 1, c => Of(c, "find without").Where(e => !c.AnyFrom(1).Any(o => SprigValues.DeepEqual(e, o))).ToList(), variadic: true),
            .. Both("has", 2, c => Has(c.Any(0), c.Any(1))),
            .. Both("compact", 1, c => Of(c, "compact").Where(e => !SprigValues.IsEmpty(e)).ToList()),
            .. Both("slice", 1, Slice, variadic: true),
            .. Both("chunk", 2, Chunk),
            GoFunction.Fixed("until", 1, c => UntilStep(c, 0, c.Int(0), c.Int(0) < 0 ? -1 : 1)),
            GoFunction.Fixed("untilStep", 3, c => UntilStep(c, c.Int(0), c.Int(1), c.Int(2))),
            GoFunction.Variadic("seq", 0, Seq),
        ];
    }

    private static List<object?> Of(FunctionCall c, string verb) => c.Any(0) switch
    {
        List<object?> list => list,
        var other => throw new TemplateFunctionException($"Cannot {verb} on type {SprigValues.Kind(other)}"),
    };

    private static List<object?> Append(FunctionCall c)
    {
        var list = SprigValues.List(c.Any(0), "push");
        c.Context.Iterate(list.Count + 1);
        return [.. list, c.Any(1)];
    }

    private static List<object?> Concat(FunctionCall c)
    {
        var result = new List<object?>();
        foreach (var item in c.AnyFrom(0))
        {
            var list = item as List<object?> ?? throw new TemplateFunctionException($"Cannot concat type {SprigValues.Kind(item)} as list");
            c.Context.Iterate(list.Count);
            result.AddRange(list);
        }
        return result;
    }

    private static List<object?> Uniq(List<object?> list)
    {
        var result = new List<object?>();
        foreach (var item in list)
        {
            if (!result.Any(r => SprigValues.DeepEqual(r, item))) result.Add(item);
        }
        return result;
    }

    private static bool Has(object? needle, object? haystack) => haystack switch
    {
        null => false,
        List<object?> list => list.Any(e => SprigValues.DeepEqual(e, needle)),
        _ => throw new TemplateFunctionException($"Cannot find has on type {SprigValues.Kind(haystack)}"),
    };

    private static List<object?> Slice(FunctionCall c)
    {
        var list = c.Any(0) as List<object?>
            ?? throw new TemplateFunctionException($"list should be type of slice or array but {SprigValues.Kind(c.Any(0))}");
        var start = c.Count > 1 ? SprigValues.ToInt64(c.Any(1)) : 0;
        var end = c.Count > 2 ? SprigValues.ToInt64(c.Any(2)) : list.Count;
        if (start < 0 || end > list.Count || start > end)
            throw new TemplateFunctionException($"slice bounds out of range [{start}:{end}] with capacity {list.Count}");
        return list.GetRange((int)start, (int)(end - start));
    }

    private static List<object?> Chunk(FunctionCall c)
    {
        var size = c.Int(0);
        var list = c.Any(1) as List<object?> ?? throw new TemplateFunctionException($"Cannot chunk type {SprigValues.Kind(c.Any(1))}");
        if (size <= 0) throw new TemplateFunctionException("chunk size must be positive");
        return list.Chunk((int)Math.Min(size, int.MaxValue)).Select(part => (object?)part.ToList()).ToList();
    }

    private static List<object?> UntilStep(FunctionCall c, long start, long stop, long step)
    {
        var result = new List<object?>();
        if (stop < start)
        {
            if (step >= 0) return result;
            for (var i = start; i > stop; i += step)
            {
                c.Context.Iterate();
                result.Add(i);
            }
            return result;
        }
        if (step <= 0) return result;
        for (var i = start; i < stop; i += step)
        {
            c.Context.Iterate();
            result.Add(i);
        }
        return result;
    }

    private static string Seq(FunctionCall c)
    {
        var p = Enumerable.Range(0, c.Count).Select(c.Int).ToArray();
        long start, end, step;
        switch (p.Length)
        {
            case 1: (start, end) = (1, p[0]); step = end < start ? -1 : 1; break;
            case 2: (start, end) = (p[0], p[1]); step = end < start ? -1 : 1; break;
            case 3:
                (start, step, end) = (p[0], p[1], p[2]);
                if (end < start && step > 0) return "";
                break;
            default: return "";
        }
        var increment = end < start ? -1 : 1;
        return string.Join(" ", UntilStep(c, start, end + increment, step));
    }
}
