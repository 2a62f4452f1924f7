namespace Hawser.Settings;

/// <summary>Where Argo CD's configuration objects are read from: a directory of manifests, or Hawser's own namespace.</summary>
public interface ISettingsSource
{
    /// <summary>What the source is, for messages (<c>settings directory ./config</c>, <c>namespace argocd</c>).</summary>
    string Description { get; }

    /// <summary>
    /// Whether commands named by cluster Secrets (<c>execProviderConfig</c>) may run. True only where Argo CD's trust model
    /// holds: objects that only the operator can write (Hawser's own namespace, or a directory the operator vouched for).
    /// </summary>
    bool TrustsExecProviders { get; }

    /// <summary>Reads every ConfigMap and Secret the settings are built from.</summary>
    /// <exception cref="SettingsException">An object cannot be read (bad YAML, bad base64, duplicate name).</exception>
    Task<SettingsInput> LoadAsync(CancellationToken cancellationToken);
}

/// <summary>What a source read: the objects, and notes about what it skipped.</summary>
/// <param name="Source">The source's description.</param>
/// <param name="Objects">ConfigMaps and Secrets, ordered by kind then name.</param>
/// <param name="Warnings">Things the source skipped (objects of other kinds).</param>
/// <param name="TrustsExecProviders">See <see cref="ISettingsSource.TrustsExecProviders"/>.</param>
public sealed record SettingsInput(string Source, IReadOnlyList<SettingsObject> Objects, IReadOnlyList<SettingsWarning> Warnings, bool TrustsExecProviders)
{
    /// <summary>No objects: every setting at its default.</summary>
    public static SettingsInput Empty { get; } = new("defaults", [], [], false);

    /// <summary>The ConfigMap of that name, or null.</summary>
    public SettingsObject? ConfigMap(string name) =>
        Objects.FirstOrDefault(o => o.Kind == SettingsObjectKind.ConfigMap && o.Name == name);

    /// <summary>The Secret of that name, or null.</summary>
    public SettingsObject? Secret(string name) =>
        Objects.FirstOrDefault(o => o.Kind == SettingsObjectKind.Secret && o.Name == name);

    /// <summary>Orders objects and refuses two objects of the same kind and name.</summary>
    internal static IReadOnlyList<SettingsObject> Normalise(IEnumerable<SettingsObject> objects, SettingsProblems problems)
    {
        var result = new List<SettingsObject>();
        foreach (var group in objects.GroupBy(o => (o.Kind, o.Name)).OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Name, StringComparer.Ordinal))
        {
            var list = group.ToList();
            if (list.Count > 1)
            {
                problems.Error($"{group.Key.Kind}/{group.Key.Name} is defined more than once: {string.Join("; ", list.Select(o => o.Origin))}");
                continue;
            }
            result.Add(list[0]);
        }
        return result;
    }
}
