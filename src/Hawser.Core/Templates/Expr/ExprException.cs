namespace Hawser.Templates;

/// <summary>An expr program that failed to compile or to evaluate. The message ends with the position as expr-lang
/// prints it, <c>(line:column)</c>, followed by the source line and a caret under the column (1-based).</summary>
public sealed class ExprException : Exception
{
    public ExprException(string message, int line, int column, Exception? inner = null) : base(message, inner)
    {
        Line = line;
        Column = column;
    }

    /// <summary>1-based line of the failing token or node.</summary>
    public int Line { get; }

    /// <summary>1-based column of the failing token or node.</summary>
    public int Column { get; }

    internal static ExprException At(string source, int pos, string message, Exception? inner = null)
    {
        pos = Math.Clamp(pos, 0, source.Length);
        var lineStart = source.LastIndexOf('\n', Math.Max(pos - 1, 0)) + 1;
        if (pos == 0) lineStart = 0;
        var line = 1 + source[..pos].Count(c => c == '\n');
        var lineEnd = source.IndexOf('\n', pos);
        var text = source[lineStart..(lineEnd < 0 ? source.Length : lineEnd)];
        var column = pos - lineStart + 1;
        var full = $"{message} ({line}:{column})\n | {text}\n | {new string('.', column - 1)}^";
        return new ExprException(full, line, column, inner);
    }
}
