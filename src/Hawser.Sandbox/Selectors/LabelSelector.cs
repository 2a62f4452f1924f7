using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Selectors;

/// <summary>
/// A parsed <c>labelSelector</c> query: comma-separated requirements <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c> (exists) and <c>!k</c> (does not exist), all of which must hold.
/// </summary>
internal sealed class LabelSelector
{
    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => _requirements = requirements;

    public static readonly LabelSelector Everything = new([]);

    private static readonly HashSet<string> NoValues = [];

    public bool IsEmpty => _requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var r in _requirements)
        {
            var has = labels.TryGetValue(r.Key, out var value);
            var ok = r.Operator switch
            {
                Op.Equals => has && r.Values.Contains(value!),
                Op.In => has && r.Values.Contains(value!),
                Op.NotEquals => !has || !r.Values.Contains(value!),
                Op.NotIn => !has || !r.Values.Contains(value!),
                Op.Exists => has,
                _ => !has,
            };
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>Parses a selector; 400 BadRequest on a syntax error.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var requirements = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            var term = part.Trim();
            if (term.Length == 0) continue;
            requirements.Add(ParseTerm(term, text));
        }
        return new LabelSelector(requirements);
    }

    private static Requirement ParseTerm(string term, string text)
    {
        if (term.StartsWith('!')) return new Requirement(Key(term[1..], text), Op.DoesNotExist, NoValues);
        var setMatch = SetIndex(term, " notin ", out var setOp) ?? SetIndex(term, " in ", out setOp);
        if (setMatch is { } at)
        {
            var key = term[..at].Trim();
            var rest = term[(at + (setOp == Op.NotIn ? 7 : 4))..].Trim();
            if (!rest.StartsWith('(') || !rest.EndsWith(')')) throw Invalid(text);
            var values = rest[1..^1].Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
            return new Requirement(Key(key, text), setOp, values);
        }
        foreach (var (symbol, op) in new[] { ("!=", Op.NotEquals), ("==", Op.Equals), ("=", Op.Equals) })
        {
            var i = term.IndexOf(symbol, StringComparison.Ordinal);
            if (i < 0) continue;
            return new Requirement(Key(term[..i], text), op, new HashSet<string>(StringComparer.Ordinal) { term[(i + symbol.Length)..].Trim() });
        }
        return new Requirement(Key(term, text), Op.Exists, NoValues);
    }

    private static int? SetIndex(string term, string word, out Op op)
    {
        op = word == " in " ? Op.In : Op.NotIn;
        var i = term.IndexOf(word, StringComparison.Ordinal);
        return i > 0 ? i : null;
    }

    private static string Key(string key, string text)
    {
        key = key.Trim();
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or ',' or '=' or '!')) throw Invalid(text);
        return key;
    }

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return parts;
    }

    private static ApiException Invalid(string text) => ApiException.BadRequest($"unable to parse requirement: invalid label selector \"{text}\"");

    private enum Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist }

    private sealed record Requirement(string Key, Op Operator, IReadOnlySet<string> Values);
}
