using Hawser.Apps;
using Hawser.State;

namespace Hawser.Controller;

/// <summary>One app the controller manages, and the app that registered it (null for a root).</summary>
public sealed record CatalogEntry(AppDefinition App, string? Parent)
{
    /// <summary>The app's name.</summary>
    public string Name => App.Name;
}

/// <summary>
/// Every app the controller manages: the roots (<see cref="RootSource"/>) and, below them, the child Applications their
/// renders registered in the state store (app-of-apps, any depth). The catalog is a snapshot swapped whole on every
/// change, so readers never see a half-updated set.
/// </summary>
public sealed class AppCatalog(IReadOnlyList<RootSource> roots, IStateStore store)
{
    private const int MaxDepth = 8;
    private IReadOnlyDictionary<string, CatalogEntry> _entries = new Dictionary<string, CatalogEntry>(StringComparer.Ordinal);

    /// <summary>Problems met while loading (a root file that does not parse...), each naming where.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>Every app, by name.</summary>
    public IReadOnlyDictionary<string, CatalogEntry> Entries => Volatile.Read(ref _entries);

    /// <summary>One app, or null.</summary>
    public CatalogEntry? Find(string name) => Entries.GetValueOrDefault(name);

    /// <summary>Re-reads the roots and every registered child; returns the names added, changed or removed.</summary>
    public async Task<IReadOnlyList<string>> ReloadAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var next = new Dictionary<string, CatalogEntry>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            try
            {
                foreach (var app in root.Read()) next[app.Name] = new CatalogEntry(app, null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or AppDefinitionException or Manifests.ManifestException)
            {
                problems.Add(e.Message);
            }
        }
        var children = new ChildApps(store);
        var level = next.Keys.ToList();
        for (var depth = 0; depth < MaxDepth && level.Count > 0; depth++)
        {
            var found = new List<string>();
            foreach (var parent in level)
            {
                foreach (var (_, child) in await children.ApplicationsAsync(parent, cancellationToken))
                {
                    if (next.ContainsKey(child.Name)) continue;
                    next[child.Name] = new CatalogEntry(child, parent);
                    found.Add(child.Name);
                }
            }
            level = found;
        }
        var previous = Entries;
        Volatile.Write(ref _entries, next);
        Problems = problems;
        return next.Keys.Where(n => !previous.TryGetValue(n, out var old) || !SameManifest(old, next[n]))
            .Concat(previous.Keys.Where(n => !next.ContainsKey(n)))
            .ToList();
    }

    private static bool SameManifest(CatalogEntry a, CatalogEntry b) =>
        a.Parent == b.Parent && a.App.Manifest.ToJson() == b.App.Manifest.ToJson();
}
