namespace Hawser.Settings;

/// <summary>
/// Resolves Argo CD's secret references in configuration values: <c>$key</c> reads <c>key</c> of <c>argocd-secret</c>;
/// <c>$name:key</c> reads <c>key</c> of the Secret <c>name</c>, which must carry the label
/// <c>app.kubernetes.io/part-of: argocd</c> (so argocd-cm cannot read any Secret of the namespace). A value that is not a
/// reference is returned as it is; a reference that cannot be resolved is left as written, with a warning, as Argo CD does.
/// </summary>
public sealed class SecretReferences
{
    private readonly IReadOnlyDictionary<string, string> _argoCdSecret;
    private readonly IReadOnlyDictionary<string, SettingsObject> _secrets;

    internal SecretReferences(IReadOnlyDictionary<string, string> argoCdSecret, IEnumerable<SettingsObject> secrets)
    {
        _argoCdSecret = argoCdSecret;
        _secrets = secrets.Where(s => s.IsSecret).ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>No secrets: every reference stays unresolved.</summary>
    public static SecretReferences None { get; } = new(new Dictionary<string, string>(), []);

    /// <summary>Whether <paramref name="value"/> has the form of a reference (<c>$key</c> or <c>$name:key</c>, no spaces).</summary>
    public static bool IsReference(string value) =>
        value.Length > 1 && value[0] == '$' && !value.AsSpan(1).ContainsAny(" \t\r\n$");

    /// <summary>
    /// The value a reference points at, or <paramref name="value"/> itself when it is not a reference or cannot be
    /// resolved (then <paramref name="problem"/> says why, without any secret value).
    /// </summary>
    public string Resolve(string value, out string? problem)
    {
        problem = null;
        if (!IsReference(value)) return value;
        var reference = value[1..];
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            if (_argoCdSecret.TryGetValue(reference, out var found)) return found;
            problem = $"refers to key '{reference}' of {SettingsNames.ArgoCdSecret}, which has no such key";
            return value;
        }
        var (name, key) = (reference[..colon], reference[(colon + 1)..]);
        if (!_secrets.TryGetValue(name, out var secret))
        {
            problem = $"refers to Secret '{name}', which is not among the settings";
            return value;
        }
        if (secret.Label(SettingsNames.PartOfLabel) != "argocd")
        {
            problem = $"refers to Secret '{name}', which lacks the label {SettingsNames.PartOfLabel}: argocd that allows it";
            return value;
        }
        if (secret.Data.TryGetValue(key, out var data)) return data;
        problem = $"refers to key '{key}' of Secret '{name}', which has no such key";
        return value;
    }

    /// <summary>The resolved value, or the value as written when it is not a resolvable reference.</summary>
    public string Resolve(string value) => Resolve(value, out _);
}
