using System.Text.RegularExpressions;

namespace Hawser.Cli;

/// <summary>
/// Rewords System.CommandLine's parse errors that name .NET types (<c>as expected type 'System.Nullable`1[System.TimeSpan]'</c>)
/// into what the user should type instead.
/// </summary>
internal static partial class ParseErrors
{
    public static string Explain(string message)
    {
        var match = TypeError().Match(message);
        if (!match.Success) return message;
        var type = match.Groups["type"].Value;
        var expected = type.Contains("TimeSpan", StringComparison.Ordinal) ? "a duration as hh:mm:ss (e.g. 00:05:00 for 5 minutes)"
            : type.Contains("Int", StringComparison.Ordinal) ? "a whole number"
            : type.Contains("Double", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) ? "a number (e.g. 0.5)"
            : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
            : "a valid value";
        return $"{match.Groups["option"].Value}: '{match.Groups["value"].Value}' is not {expected}";
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']*)' as expected type '(?<type>[^']*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex TypeError();
}
