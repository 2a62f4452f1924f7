namespace Hawser.Templates;

/// <summary>What a template does when it reads a map key that does not exist (Go's <c>missingkey</c> option).</summary>
public enum MissingKeyMode
{
    /// <summary><c>missingkey=default</c> / <c>invalid</c>: the value is "no value" and prints <c>&lt;no value&gt;</c>.</summary>
    Default,

    /// <summary><c>missingkey=zero</c>: the zero value of the map's element type. For the JSON-like maps templates run
    /// over that is a nil interface, which Go also prints as <c>&lt;no value&gt;</c>, but reading a field of it fails.</summary>
    Zero,

    /// <summary><c>missingkey=error</c>: execution stops with <c>map has no entry for key "k"</c>.</summary>
    Error,
}

/// <summary>How numbers of JSON data become Go values.</summary>
public enum JsonNumbers
{
    /// <summary>Every number is a float64, as encoding/json decodes into interface{} (ApplicationSet parameters):
    /// <c>{{ .replicas }}</c> of 3 prints 3, but <c>{{ eq .replicas 3 }}</c> is an int/float64 mismatch.</summary>
    Float64,

    /// <summary>Integer literals are int64 and the others float64, as Kubernetes' unstructured objects decode them
    /// (the <c>app</c> of Argo CD notification templates and triggers).</summary>
    Int64ForIntegers,
}

/// <summary>Options of <see cref="GoTemplate.Parse"/>: the missing-key mode, extra functions and the execution bounds.</summary>
public sealed record GoTemplateOptions
{
    /// <summary>The default options: Go's defaults, Sprig and Argo CD's functions, the default bounds.</summary>
    public static GoTemplateOptions Default { get; } = new();

    /// <summary>What reading a missing map key does.</summary>
    public MissingKeyMode MissingKey { get; init; } = MissingKeyMode.Default;

    /// <summary>How JSON numbers in the data become Go values.</summary>
    public JsonNumbers JsonNumbers { get; init; } = JsonNumbers.Float64;

    /// <summary>Extra functions by name; they take precedence over Sprig's of the same name (as a later Go FuncMap does).
    /// A name holds letters, digits and underscores and does not start with a digit.</summary>
    public IReadOnlyDictionary<string, TemplateFunction> Functions { get; init; } = new Dictionary<string, TemplateFunction>();

    /// <summary>The clock of <c>now</c>, <c>ago</c>, <c>date</c> and the local time zone of the date functions.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Most nested <c>template</c>/<c>include</c> calls before execution fails (Go allows 100000 with a
    /// much deeper stack; recursion here fails cleanly long before the process's stack is at risk).</summary>
    public int MaxTemplateDepth { get; init; } = 200;

    /// <summary>Most characters one execution may write, including strings functions build.</summary>
    public int MaxOutputLength { get; init; } = 16 * 1024 * 1024;

    /// <summary>Most <c>range</c> iterations (summed over all loops) and list elements functions such as
    /// <c>until</c> build in one execution.</summary>
    public int MaxIterations { get; init; } = 1_000_000;

    /// <summary>
    /// Reads Go's <c>Template.Option</c> strings, as Argo CD's <c>goTemplateOptions</c> lists them:
    /// <c>missingkey=default</c>, <c>missingkey=invalid</c>, <c>missingkey=zero</c>, <c>missingkey=error</c>.
    /// An unknown option is an <see cref="ArgumentException"/> naming it, as Go panics on one.
    /// </summary>
    public GoTemplateOptions WithGoOptions(IEnumerable<string> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = this;
        foreach (var option in options)
        {
            result = option switch
            {
                "missingkey=default" or "missingkey=invalid" => result with { MissingKey = MissingKeyMode.Default },
                "missingkey=zero" => result with { MissingKey = MissingKeyMode.Zero },
                "missingkey=error" => result with { MissingKey = MissingKeyMode.Error },
                _ => throw new ArgumentException($"unrecognized template option \"{option}\"", nameof(options)),
            };
        }
        return result;
    }
}
