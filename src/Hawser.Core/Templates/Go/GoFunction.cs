namespace Hawser.Templates;

/// <summary>A template function: its name, how many arguments Go's signature takes (MaxArgs -1 for variadic) and its body.</summary>
internal sealed record GoFunction(string Name, int MinArgs, int MaxArgs, Func<FunctionCall, object?> Body)
{
    public static GoFunction Fixed(string name, int count, Func<FunctionCall, object?> body) => new(name, count, count, body);

    public static GoFunction Variadic(string name, int min, Func<FunctionCall, object?> body) => new(name, min, -1, body);

    /// <summary>Go's arity error, or null when <paramref name="count"/> arguments fit.</summary>
    public string? ArityError(int count) =>
        MaxArgs < 0
            ? count < MinArgs ? $"wrong number of args for {Name}: want at least {MinArgs} got {count}" : null
            : count != MinArgs ? $"wrong number of args for {Name}: want {MinArgs} got {count}" : null;
}

/// <summary>An argument that does not fit the function's Go parameter type; reported at the argument, without
/// "error calling", as Go's type check before the call.</summary>
internal sealed class GoArgumentException(int index, string message) : Exception(message)
{
    public int Index { get; } = index;
}

/// <summary>Limits and clock shared by one execution: the iteration budget, the output bound, the local zone.</summary>
internal sealed class ExecutionContext(GoTemplateOptions options, CancellationToken cancellationToken)
{
    private long _iterations;

    public GoTemplateOptions Options { get; } = options;

    public TimeZoneInfo Local => Options.TimeProvider.LocalTimeZone;

    public DateTimeOffset Now => TimeZoneInfo.ConvertTime(Options.TimeProvider.GetUtcNow(), Local);

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Counts <paramref name="count"/> iterations or list elements against <see cref="GoTemplateOptions.MaxIterations"/>.</summary>
    public void Iterate(long count = 1)
    {
        _iterations += count;
        if (_iterations > Options.MaxIterations)
            throw new TemplateFunctionException($"more than {Options.MaxIterations} iterations (range loops and generated list elements)");
        if ((_iterations & 0x3FF) == 0) CancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Fails before a function builds a string longer than the output bound.</summary>
    public void CheckLength(long length)
    {
        if (length > Options.MaxOutputLength)
            throw new TemplateFunctionException($"result longer than the limit of {Options.MaxOutputLength} characters");
    }
}

/// <summary>One call of a function: the evaluated arguments and Go-style typed access to them.</summary>
internal sealed class FunctionCall(string name, IReadOnlyList<object?> args, ExecutionContext context)
{
    public string Name { get; } = name;

    public IReadOnlyList<object?> Args { get; } = args;

    public ExecutionContext Context { get; } = context;

    public int Count => Args.Count;

    /// <summary>An interface{} parameter: no value arrives as nil.</summary>
    public object? Any(int i) => Args[i] is NoValue ? null : Args[i];

    public IEnumerable<object?> AnyFrom(int start)
    {
        for (var i = start; i < Args.Count; i++) yield return Any(i);
    }

    /// <summary>A string parameter.</summary>
    public string String(int i) => Args[i] switch
    {
        string s => s,
        var other => throw Mismatch(i, "string", other),
    };

    /// <summary>An int parameter (a Go int; a float64 does not convert, as in Go).</summary>
    public long Int(int i) => Args[i] switch
    {
        long l => l,
        var other => throw Mismatch(i, "int", other),
    };

    /// <summary>A bool parameter.</summary>
    public bool Bool(int i) => Args[i] switch
    {
        bool b => b,
        var other => throw Mismatch(i, "bool", other),
    };

    /// <summary>A []string parameter: a list whose elements are all strings.</summary>
    public List<string> Strings(int i) => Args[i] switch
    {
        List<object?> list when list.All(e => e is string) => list.Cast<string>().ToList(),
        var other => throw Mismatch(i, "[]string", other),
    };

    /// <summary>A map[string]interface{} parameter.</summary>
    public Dictionary<string, object?> Map(int i) => Args[i] switch
    {
        Dictionary<string, object?> map => map,
        var other => throw Mismatch(i, "map[string]interface {}", other),
    };

    private static GoArgumentException Mismatch(int i, string expected, object? got) => got is NoValue
        ? new GoArgumentException(i, $"invalid value; expected {expected}")
        : new GoArgumentException(i, $"wrong type for value; expected {expected}; got {(got is null ? "interface {}" : GoValue.TypeName(got))}");
}
