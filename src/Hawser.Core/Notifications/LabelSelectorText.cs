namespace Hawser.Notifications;

/// <summary>
/// A label selector in Kubernetes' text form, as global subscriptions write it (<c>selector: team=payments,env!=dev</c>):
/// <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k</c>, <c>!k</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>, all of which must hold.
/// </summary>
public sealed class LabelSelectorText
{
    private readonly IReadOnlyList<Func<IReadOnlyDictionary<string, string>, bool>> _requirements;

    private LabelSelectorText(string text, IReadOnlyList<Func<IReadOnlyDictionary<string, string>, bool>> requirements)
    {
        Text = text;
        _requirements = requirements;
    }

    /// <summary>The selector as written.</summary>
    public string Text { get; }

    /// <summary>Whether <paramref name="labels"/> satisfy every requirement (an empty selector matches everything).</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r(labels));

    /// <summary>Parses <paramref name="text"/>; a malformed requirement is a <see cref="FormatException"/> quoting it.</summary>
    public static LabelSelectorText Parse(string text)
    {
        var requirements = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var part in SplitTopLevel(text))
        {
            var p = part.Trim();
            if (p.Length == 0) continue;
            requirements.Add(Requirement(p));
        }
        return new LabelSelectorText(text, requirements);
    }

    public override string ToString() => Text;

    private static Func<IReadOnlyDictionary<string, string>, bool> Requirement(string p)
    {
        var words = p.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2 && (words[1].StartsWith("in ", StringComparison.Ordinal) || words[1].StartsWith("in(", StringComparison.Ordinal)))
        {
            var set = Set(words[1][2..], p);
            return labels => labels.TryGetValue(words[0], out var v) && set.Contains(v);
        }
        if (words.Length == 2 && (words[1].StartsWith("notin ", StringComparison.Ordinal) || words[1].StartsWith("notin(", StringComparison.Ordinal)))
        {
            var set = Set(words[1][5..], p);
            return labels => !labels.TryGetValue(words[0], out var v) || !set.Contains(v);
        }
        var index = p.IndexOf("!=", StringComparison.Ordinal);
        if (index > 0)
        {
            var (key, value) = (p[..index].Trim(), p[(index + 2)..].Trim());
            return labels => !labels.TryGetValue(key, out var v) || v != value;
        }
        index = p.IndexOf('=', StringComparison.Ordinal);
        if (index > 0)
        {
            var value = p[(index + 1)..].TrimStart('=').Trim();
            var key = p[..index].Trim();
            return labels => labels.TryGetValue(key, out var v) && v == value;
        }
        if (p[0] == '!')
        {
            var key = p[1..].Trim();
            return labels => !labels.ContainsKey(key);
        }
        if (p.Contains(' ', StringComparison.Ordinal) || p.Contains('(', StringComparison.Ordinal)) throw new FormatException($"invalid label selector requirement '{p}'");
        return labels => labels.ContainsKey(p);
    }

    private static HashSet<string> Set(string rest, string requirement)
    {
        rest = rest.Trim();
        if (rest.Length < 2 || rest[0] != '(' || rest[^1] != ')') throw new FormatException($"invalid label selector requirement '{requirement}': expected a list in parentheses");
        return rest[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }
}
