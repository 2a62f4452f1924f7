namespace Hawser.Server.Api;

/// <summary>An equality-based label selector (<c>a=b,c!=d,e</c>, <c>!f</c>) as Argo CD's <c>selector</c> query parameter takes it.</summary>
internal sealed class LabelSelector
{
    private readonly List<(string Key, string? Value, bool Negated)> _terms;

    private LabelSelector(List<(string, string?, bool)> terms) => _terms = terms;

    public static LabelSelector Parse(string text)
    {
        var terms = new List<(string, string?, bool)>();
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.Contains("!=", StringComparison.Ordinal))
            {
                var parts = raw.Split("!=", 2);
                terms.Add((parts[0].Trim(), parts[1].Trim(), true));
            }
            else if (raw.Contains('='))
            {
                var parts = raw.Split('=', 2);
                terms.Add((parts[0].TrimEnd('=').Trim(), parts[1].TrimStart('=').Trim(), false));
            }
            else if (raw.StartsWith('!'))
            {
                terms.Add((raw[1..].Trim(), null, true));
            }
            else
            {
                terms.Add((raw, null, false));
            }
        }
        return new LabelSelector(terms);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _terms.All(t => t switch
    {
        (var key, null, false) => labels.ContainsKey(key),
        (var key, null, true) => !labels.ContainsKey(key),
        (var key, var value, false) => labels.TryGetValue(key, out var v) && v == value,
        (var key, var value, true) => !labels.TryGetValue(key, out var v) || v != value,
    });
}
