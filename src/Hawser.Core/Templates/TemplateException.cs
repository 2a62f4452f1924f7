namespace Hawser.Templates;

/// <summary>
/// A Go template or expr program that failed to parse or to execute. The message has Go's form, for example
/// <c>template: app:1:2: executing "app" at &lt;.foo&gt;: map has no entry for key "foo"</c>, so it reads the same as
/// Argo CD's; <see cref="TemplateName"/>, <see cref="Line"/> and <see cref="Column"/> carry the position
/// (line 1-based, column a 0-based offset in the line as Go reports it; 0 when unknown).
/// </summary>
public sealed class TemplateException : Exception
{
    public TemplateException(string message, string templateName, int line, int column, Exception? inner = null)
        : base(message, inner)
    {
        TemplateName = templateName;
        Line = line;
        Column = column;
    }

    /// <summary>The template (or the expr program's name) the error is in.</summary>
    public string TemplateName { get; }

    /// <summary>1-based line of the failing action; 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>0-based column of the failing node within its line, as Go prints it.</summary>
    public int Column { get; }
}
