using Hawser.Apps;
using Hawser.AppSets;
using Hawser.State;

namespace Hawser.Controller;

/// <summary>One app the controller manages, and what registered it: null for a root, the parent app's name, or the owner
/// key of the ApplicationSet that generated it (<see cref="ApplicationSetReconciler.OwnerOf"/>).</summary>
public sealed record CatalogEntry(AppDefinition App, string? Parent)
{
    /// <summary>The app's name.</summary>
    public string Name => App.Name;

    /// <summary>The ApplicationSet that generated the app, or null.</summary>
    public string? SetName => Parent is null ? null : ApplicationSetReconciler.SetOf(Parent);
}

/// <summary>An ApplicationSet the controller generates, and the app that registered it.</summary>
public sealed record CatalogSet(ApplicationSet Set, string Parent)
{
    /// <summary>The set's name.</summary>
    public string Name => Set.Name;
}

/// <summary>
/// Every app the controller manages: the roots (<see cref="RootSource"/>) and, below them, the child Applications their
/// renders registered in the state store (app-of-apps, any depth), and the Applications the ApplicationSets among those
/// children generated (<see cref="Sets"/>). The catalog is a snapshot swapped whole on every
/// change, so readers never see a half-updated set.
/// </summary>
public sealed class AppCatalog(IReadOnlyList<RootSource> roots, IStateStore store)
{
    private const int MaxDepth = 8;
    private IReadOnlyDictionary<string, CatalogEntry> _entries = new Dictionary<string, CatalogEntry>(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, CatalogSet> _sets = new Dictionary<string, CatalogSet>(StringComparer.Ordinal);
    private readonly SemaphoreSlim _reloading = new(1, 1);

    /// <summary>Problems met while loading (a root file that does not parse...), each naming where.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>Every app, by name.</summary>
    public IReadOnlyDictionary<string, CatalogEntry> Entries => Volatile.Read(ref _entries);

    /// <summary>Every registered ApplicationSet, by name.</summary>
    public IReadOnlyDictionary<string, CatalogSet> Sets => Volatile.Read(ref _sets);

    /// <summary>One app, or null.</summary>
    public CatalogEntry? Find(string name) => Entries.GetValueOrDefault(name);

    /// <summary>The apps an ApplicationSet generated.</summary>
    public IEnumerable<CatalogEntry> GeneratedBy(string setName)
    {
        var owner = ApplicationSetReconciler.OwnerOf(setName);
        return Entries.Values.Where(e => e.Parent == owner);
    }

    /// <summary>Re-reads the roots and every registered child; returns the names added, changed or removed. Reloads run one
    /// at a time, so a reload that read the store earlier never replaces the snapshot of one that read it later.</summary>
    public async Task<IReadOnlyList<string>> ReloadAsync(CancellationToken cancellationToken)
    {
        await _reloading.WaitAsync(cancellationToken);
        try
        {
            return await ReadAsync(cancellationToken);
        }
        finally
        {
            _reloading.Release();
        }
    }

    private async Task<IReadOnlyList<string>> ReadAsync(CancellationToken cancellationToken)
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
        var sets = new Dictionary<string, CatalogSet>(StringComparer.Ordinal);
        var level = next.Keys.ToList();
        for (var depth = 0; depth < MaxDepth && level.Count > 0; depth++)
        {
            var found = new List<string>();
            foreach (var parent in level)
            {
                foreach (var child in await store.ListChildAppsAsync(parent, cancellationToken))
                {
                    if (child.Kind == "Application") Add(ChildApps.Definition(child), parent);
                    if (child.Kind != "ApplicationSet" || ChildAppSets.Read(child) is not { } set || !sets.TryAdd(set.Name, new CatalogSet(set, parent))) continue;
                    foreach (var generated in await store.ListChildAppsAsync(ApplicationSetReconciler.OwnerOf(set.Name), cancellationToken))
                        Add(ChildApps.Definition(generated), ApplicationSetReconciler.OwnerOf(set.Name));
                }
            }
            level = found;

            void Add(AppDefinition? app, string parent)
            {
                if (app is null || !next.TryAdd(app.Name, new CatalogEntry(app, parent))) return;
                found.Add(app.Name);
            }
        }
        var previous = Entries;
        Volatile.Write(ref _entries, next);
        Volatile.Write(ref _sets, sets);
        Problems = problems;
        return next.Keys.Where(n => !previous.TryGetValue(n, out var old) || !SameManifest(old, next[n]))
            .Concat(previous.Keys.Where(n => !next.ContainsKey(n)))
            .ToList();
    }

    private static bool SameManifest(CatalogEntry a, CatalogEntry b) =>
        a.Parent == b.Parent && a.App.Manifest.ToJson() == b.App.Manifest.ToJson();
}
