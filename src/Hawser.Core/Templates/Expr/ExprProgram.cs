namespace Hawser.Templates;

/// <summary>Options of <see cref="ExprProgram.Compile"/>: the clock of <c>now()</c> and the local zone of time methods,
/// and the bound on iterations (predicate builtins, ranges).</summary>
public sealed record ExprOptions
{
    public static ExprOptions Default { get; } = new();

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public int MaxIterations { get; init; } = 1_000_000;

    /// <summary>How JSON numbers of the environment become values; notification triggers read Kubernetes objects,
    /// whose integers are int64.</summary>
    public JsonNumbers JsonNumbers { get; init; } = JsonNumbers.Int64ForIntegers;
}

/// <summary>
/// A compiled expression in the expr language (github.com/expr-lang/expr) as Argo CD notification triggers write
/// their <c>when</c> conditions: <c>app.status.operationState.phase in ['Succeeded'] and app.status.health.status ==
/// 'Healthy'</c>. Compile once, evaluate many times (thread-safe).
/// <para>
/// Supported: number, string ('', "", ``), bool, nil, array and map literals; <c>and or not &amp;&amp; || !</c>;
/// <c>== != &lt; &gt; &lt;= &gt;=</c> (numbers compare across int and float); <c>+ - * / % ** ^</c>; <c>in</c>,
/// <c>not in</c>, <c>matches</c>, <c>contains</c>, <c>startsWith</c>, <c>endsWith</c> (and their <c>not</c> forms);
/// <c>..</c> ranges; <c>?:</c>; <c>??</c>; member access <c>a.b</c>, <c>a?.b</c>, <c>a['b']</c>, <c>a[0]</c>,
/// <c>a[-1]</c>, slices <c>a[1:3]</c>; calls of <see cref="TemplateFunction"/> values from the environment
/// (<c>time.Now()</c>) and Go methods of times and durations (<c>.Sub(t)</c>, <c>.Minutes()</c>, <c>.Format(l)</c>);
/// builtins <c>len all any none one filter map count find findIndex findLast findLastIndex sum</c> (with <c>#</c>,
/// <c>#index</c> and <c>.field</c> predicates, braced or not), <c>abs int float string type upper lower trim
/// trimPrefix trimSuffix hasPrefix hasSuffix indexOf replace repeat split join keys values first last reverse uniq
/// concat sort max min now duration date toJSON fromJSON</c>.
/// </para>
/// <para>Reading a field of nil fails (<c>cannot fetch phase from &lt;nil&gt;</c>) as in expr; guard with
/// <c>x != nil and ...</c> or <c>x?.phase</c>. Errors name the line and column.</para>
/// </summary>
public sealed class ExprProgram
{
    private readonly ExprNode _root;
    private readonly ExprOptions _options;

    private ExprProgram(string source, ExprNode root, ExprOptions options)
    {
        Source = source;
        _root = root;
        _options = options;
    }

    /// <summary>The program text.</summary>
    public string Source { get; }

    /// <summary>Parses <paramref name="source"/>; a syntax error is an <see cref="ExprException"/> naming the column.</summary>
    public static ExprProgram Compile(string source, ExprOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ExprProgram(source, ExprParser.Parse(source), options ?? ExprOptions.Default);
    }

    /// <summary>Evaluates the program. The environment's values are read as <see cref="GoTemplate"/> reads data
    /// (JSON nodes, dictionaries, lists, scalars, times, durations, <see cref="TemplateFunction"/> values); an unknown
    /// name is nil. Returns a data-model value (null, bool, long, double, string, DateTimeOffset, TimeSpan, lists, maps).</summary>
    public object? Evaluate(IReadOnlyDictionary<string, object?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var imported = new Dictionary<string, object?>(env.Count, StringComparer.Ordinal);
        foreach (var (name, value) in env) imported[name] = GoValue.Import(value, _options.JsonNumbers);
        return new ExprEvaluator(Source, imported, _options).Run(_root);
    }

    /// <summary>Evaluates a condition: the result must be a bool (as Argo CD requires of a trigger's <c>when</c>).</summary>
    public bool EvaluateCondition(IReadOnlyDictionary<string, object?> env) => Evaluate(env) switch
    {
        bool b => b,
        var other => throw new ExprException(
            $"expected bool, but got {ExprRuntime.TypeName(other)} ({Source})", 1, 1),
    };
}
