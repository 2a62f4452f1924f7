namespace Hawser.Templates;

/// <summary>
/// A function a caller adds to templates (<see cref="GoTemplateOptions.Functions"/>), places in the data as a field
/// (Go's <c>{{ call .repo.RepoURLToHTTPS .url }}</c>) or puts in an expr environment (<c>time.Now()</c>).
/// Arguments arrive in the template data model (see <see cref="GoTemplate"/>): null, string, bool, long (Go int),
/// double (Go float64), <see cref="DateTimeOffset"/> (time.Time), <see cref="TimeSpan"/> (time.Duration),
/// <c>IReadOnlyDictionary&lt;string, object?&gt;</c> or <c>IReadOnlyList&lt;object?&gt;</c>.
/// Return any value the data model accepts. Throw <see cref="TemplateFunctionException"/> (or an
/// <see cref="ArgumentException"/>, <see cref="FormatException"/> or <see cref="InvalidOperationException"/>) to fail
/// the template with <c>error calling NAME: message</c>, as a Go function returning an error does.
/// </summary>
public delegate object? TemplateFunction(IReadOnlyList<object?> arguments);

/// <summary>The error a <see cref="TemplateFunction"/> returns, reported as Go reports a function's error.</summary>
public sealed class TemplateFunctionException : Exception
{
    public TemplateFunctionException(string message) : base(message) { }

    public TemplateFunctionException(string message, Exception inner) : base(message, inner) { }
}
