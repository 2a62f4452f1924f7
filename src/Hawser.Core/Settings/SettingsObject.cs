namespace Hawser.Settings;

/// <summary>Whether a settings object is a ConfigMap or a Secret.</summary>
public enum SettingsObjectKind
{
    ConfigMap,
    Secret,
}

/// <summary>
/// One ConfigMap or Secret as the settings reader sees it: its name, labels, annotations and string data (a Secret's
/// <c>data</c> already decoded from base64, with <c>stringData</c> laid over it as the API server does). <see cref="ToString"/>
/// names the object and where it came from, never its data.
/// </summary>
/// <param name="Kind">ConfigMap or Secret.</param>
/// <param name="Name">metadata.name.</param>
/// <param name="Labels">metadata.labels.</param>
/// <param name="Annotations">metadata.annotations.</param>
/// <param name="Data">The data; for a Secret these are secret values.</param>
/// <param name="Origin">Where it was read: a file and document, or a namespace.</param>
public sealed record SettingsObject(
    SettingsObjectKind Kind,
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyDictionary<string, string> Data,
    string Origin)
{
    /// <summary>Whether this is a Secret.</summary>
    public bool IsSecret => Kind == SettingsObjectKind.Secret;

    /// <summary>A label's value, or null.</summary>
    public string? Label(string name) => Labels.TryGetValue(name, out var value) ? value : null;

    /// <summary>A data value, or null when the key is absent.</summary>
    public string? Value(string key) => Data.TryGetValue(key, out var value) ? value : null;

    /// <summary><c>Kind/name (origin)</c>, for messages.</summary>
    public override string ToString() => $"{Kind}/{Name} ({Origin})";
}
