namespace Hawser.AppSets;

/// <summary>
/// A Kubernetes label selector (<c>matchLabels</c> and <c>matchExpressions</c>), used on cluster Secret labels, on generated
/// parameters (a generator's post <c>selector</c>) and on Application labels (RollingSync steps). An empty selector matches everything.
/// </summary>
public sealed record LabelSelector(IReadOnlyDictionary<string, string> MatchLabels, IReadOnlyList<LabelRequirement> MatchExpressions)
{
    /// <summary>True when the selector has no requirement.</summary>
    public bool IsEmpty => MatchLabels.Count == 0 && MatchExpressions.Count == 0;

    /// <summary>True when every requirement holds; <paramref name="lookup"/> returns a label's value, or null when it is absent.</summary>
    public bool Matches(Func<string, string?> lookup) =>
        MatchLabels.All(l => lookup(l.Key) == l.Value) && MatchExpressions.All(e => e.Matches(lookup));
}

/// <summary>One <c>matchExpressions</c> entry: <c>In</c>, <c>NotIn</c>, <c>Exists</c> or <c>DoesNotExist</c>.</summary>
public sealed record LabelRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    /// <summary>The operators Kubernetes label selectors know.</summary>
    public static readonly IReadOnlyList<string> Operators = ["In", "NotIn", "Exists", "DoesNotExist"];

    /// <summary>True when the requirement holds for the labels <paramref name="lookup"/> reads.</summary>
    public bool Matches(Func<string, string?> lookup)
    {
        var value = lookup(Key);
        return Operator switch
        {
            "In" => value is not null && Values.Contains(value, StringComparer.Ordinal),
            "NotIn" => value is null || !Values.Contains(value, StringComparer.Ordinal),
            "Exists" => value is not null,
            "DoesNotExist" => value is null,
            _ => false,
        };
    }

    /// <summary>True when every requirement of <paramref name="requirements"/> holds.</summary>
    public static bool All(IReadOnlyList<LabelRequirement> requirements, Func<string, string?> lookup) => requirements.All(r => r.Matches(lookup));
}
