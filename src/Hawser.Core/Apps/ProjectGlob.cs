using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Hawser.Auth;

namespace Hawser.Apps;

/// <summary>
/// The globs of AppProject fields (gobwas/glob syntax as Argo CD uses it), with <c>!</c> negation where Argo CD allows it:
/// <c>!pattern</c> matches every value the pattern does not match. An invalid glob matches nothing.
/// </summary>
internal static class ProjectGlob
{
    private static readonly ConcurrentDictionary<(string, bool), Regex?> Cache = new();

    /// <summary>True when <paramref name="pattern"/> starts with <c>!</c>.</summary>
    public static bool IsDeny(string? pattern) => pattern is { Length: > 0 } && pattern[0] == '!';

    /// <summary>Matches <paramref name="value"/> against <paramref name="pattern"/> (a <c>!</c> pattern inverts the match).</summary>
    public static bool Matches(string? pattern, string value, bool slashIsSeparator = false)
    {
        if (pattern is null) return false;
        if (IsDeny(pattern)) return !Plain(pattern[1..], value, slashIsSeparator);
        return Plain(pattern, value, slashIsSeparator);
    }

    /// <summary>Why <paramref name="pattern"/> (after a leading <c>!</c>) is not a valid glob, or null when it is.</summary>
    public static string? Error(string pattern, bool slashIsSeparator)
    {
        try
        {
            _ = new Regex($"^(?:{PolicyPattern.GlobToRegex(IsDeny(pattern) ? pattern[1..] : pattern, slashIsSeparator)})$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
        {
            return e.Message;
        }
    }

    private static bool Plain(string pattern, string value, bool slashIsSeparator)
    {
        if (pattern == "*" || pattern == value) return true;
        var regex = Cache.GetOrAdd((pattern, slashIsSeparator), static key =>
        {
            try
            {
                return new Regex($"^(?:{PolicyPattern.GlobToRegex(key.Item1, key.Item2)})$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
            {
                return null;
            }
        });
        return regex?.IsMatch(value) == true;
    }
}
