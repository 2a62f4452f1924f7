namespace Hawser.Templates;

/// <summary>
/// A parsed Go <c>text/template</c> with the Sprig functions Argo CD exposes (all of <c>sprig.GenericFuncMap</c> but
/// <c>env</c>, <c>expandenv</c> and <c>getHostByName</c>) plus Argo CD's <c>normalize</c>, <c>slugify</c>,
/// <c>toYaml</c>, <c>fromYaml</c> and <c>fromYamlArray</c>. Parse once, execute many times; an instance is immutable
/// and safe to execute from several threads.
/// <para>
/// Data: <see cref="Execute"/> takes a <see cref="System.Text.Json.Nodes.JsonNode"/> tree (JSON numbers become Go
/// float64 values, so <c>{{.replicas}}</c> of 3 prints <c>3</c> and of 1000000 prints <c>1e+06</c>, as in Argo CD;
/// <see cref="GoTemplateOptions.JsonNumbers"/> selects Kubernetes' int64 integers instead),
/// or plain .NET values: <c>IDictionary&lt;string, object?&gt;</c>/<c>IReadOnlyDictionary&lt;string, object?&gt;</c>
/// (Go maps), lists and other enumerables (slices), strings, booleans, integers (Go int), double/decimal (float64),
/// <see cref="DateTimeOffset"/> (time.Time), <see cref="TimeSpan"/> (time.Duration) and <see cref="TemplateFunction"/>
/// values (Go funcs, called with <c>call</c>). The data is copied in; templates never change the caller's objects.
/// </para>
/// <para>
/// Semantics follow Go: pipelines, <c>if</c>/<c>else if</c>/<c>with</c>/<c>else with</c>/<c>range</c> (lists,
/// maps in sorted key order, integers; <c>break</c>/<c>continue</c>), <c>define</c>/<c>template</c>/<c>block</c>,
/// variables, <c>{{- -}}</c> trimming, truthiness, the missing-key modes and Go's error messages with positions.
/// Execution is bounded (template depth, output length, iterations) and fails with a <see cref="TemplateException"/>.
/// </para>
/// </summary>
public sealed class GoTemplate
{
    private readonly Dictionary<string, TemplateTree> _trees;
    private readonly FunctionTable _functions;
    private readonly GoTemplateOptions _options;

    private GoTemplate(string name, Dictionary<string, TemplateTree> trees, FunctionTable functions, GoTemplateOptions options)
    {
        Name = name;
        _trees = trees;
        _functions = functions;
        _options = options;
    }

    /// <summary>The name given to <see cref="Parse"/>; error messages name it.</summary>
    public string Name { get; }

    /// <summary>The templates this text defines: its own name and every <c>define</c>/<c>block</c>.</summary>
    public IReadOnlyCollection<string> TemplateNames => _trees.Keys;

    /// <summary>Parses <paramref name="text"/>; a syntax error is a <see cref="TemplateException"/> naming the line.
    /// An invalid extra function name is an <see cref="ArgumentException"/>.</summary>
    public static GoTemplate Parse(string name, string text, GoTemplateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(text);
        options ??= GoTemplateOptions.Default;
        var functions = new FunctionTable(options.Functions, options.JsonNumbers);
        var trees = new Dictionary<string, TemplateTree>(StringComparer.Ordinal);
        Parser.Parse(name, text, functions.Has, trees);
        return new GoTemplate(name, trees, functions, options);
    }

    /// <summary>Executes the template over <paramref name="data"/> and returns the text it writes.</summary>
    public string Execute(object? data, CancellationToken cancellationToken = default) =>
        ExecuteTemplate(Name, data, cancellationToken);

    /// <summary>Executes the named <c>define</c> (or the template itself) over <paramref name="data"/>.</summary>
    public string ExecuteTemplate(string templateName, object? data, CancellationToken cancellationToken = default)
    {
        if (!_trees.TryGetValue(templateName, out var tree))
        {
            throw new TemplateException(
                $"template: no template \"{templateName}\" associated with template \"{Name}\"", Name, 0, 0);
        }
        object? imported;
        try
        {
            imported = GoValue.Import(data, _options.JsonNumbers);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new TemplateException($"template: {Name}: data nested too deeply", Name, 0, 0);
        }
        var context = new ExecutionContext(_options, cancellationToken);
        return new Executor(_trees, _functions, context, tree).Run(imported);
    }
}
