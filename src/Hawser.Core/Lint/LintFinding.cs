namespace Hawser.Lint;

/// <summary>How much a finding matters. <see cref="Error"/> fails <c>hawser lint</c> (exit code 1).</summary>
public enum LintSeverity
{
    /// <summary>Something to know; never fails.</summary>
    Note,

    /// <summary>Probably wrong; reported, does not fail.</summary>
    Warning,

    /// <summary>Wrong: the lint fails.</summary>
    Error,
}

/// <summary>One thing a lint rule found.</summary>
/// <param name="Rule">The rule id, e.g. <c>ownership-conflict</c>.</param>
/// <param name="Severity">The rule's severity (its default, or the one <c>.hawser-lint.yaml</c> gives it).</param>
/// <param name="Message">What is wrong, naming the object and the field.</param>
/// <param name="File">The file, relative to the repository root with <c>/</c> separators, when known.</param>
/// <param name="Line">The 1-based line in <paramref name="File"/>, when known.</param>
/// <param name="App">The app concerned, when there is one.</param>
public sealed record LintFinding(string Rule, LintSeverity Severity, string Message, string? File, int? Line, string? App)
{
    public override string ToString()
    {
        var where = File is null ? "" : Line is null ? $"{File}: " : $"{File}:{Line}: ";
        var app = App is { Length: > 0 } ? $" [app {App}]" : "";
        return $"{where}{Severity.ToString().ToLowerInvariant()} {Rule}: {Message}{app}";
    }
}
