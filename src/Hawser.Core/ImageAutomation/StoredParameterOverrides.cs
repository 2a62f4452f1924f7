using System.Collections.Concurrent;
using Hawser.Apps;
using Hawser.Rendering;
using Hawser.State;

namespace Hawser.ImageAutomation;

/// <summary>
/// The parameter overrides of image update automation's <c>argocd</c> write-back: kept in the state store (so they
/// survive a restart) and in memory for the renderer, which asks for an app's overrides at every render
/// (<see cref="AppRendererOptions.ParameterOverrides"/>).
/// </summary>
public sealed class StoredParameterOverrides
{
    /// <summary>Who the stored records name as their writer.</summary>
    public const string Writer = "image-updater";

    private readonly IParameterOverrideStore _store;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, SourceParameterOverride> _byApp = new(StringComparer.Ordinal);

    private StoredParameterOverrides(IParameterOverrideStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Loads every app's overrides from the store.</summary>
    public static async Task<StoredParameterOverrides> LoadAsync(IParameterOverrideStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var overrides = new StoredParameterOverrides(store, time);
        foreach (var record in await store.ListAsync(cancellationToken))
        {
            overrides._byApp[record.App] = new SourceParameterOverride(record.HelmParameters, record.KustomizeImages);
        }
        return overrides;
    }

    /// <summary>The apps that have overrides.</summary>
    public IReadOnlyList<string> Apps => _byApp.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The app's overrides, or null (the renderer's hook).</summary>
    public SourceParameterOverride? Get(string app) => _byApp.GetValueOrDefault(app);

    /// <summary>Stores the app's overrides when they differ from the kept ones; true when they changed.</summary>
    public async Task<bool> SetAsync(string app, IReadOnlyList<HelmParameter> helmParameters, IReadOnlyList<string> kustomizeImages, CancellationToken cancellationToken)
    {
        if (_byApp.TryGetValue(app, out var current) && current.HelmParameters.SequenceEqual(helmParameters) && current.KustomizeImages.SequenceEqual(kustomizeImages))
        {
            return false;
        }
        await _store.SaveAsync(new ParameterOverrideRecord(app, helmParameters, kustomizeImages, Writer, _time.GetUtcNow()), cancellationToken);
        _byApp[app] = new SourceParameterOverride(helmParameters, kustomizeImages);
        return true;
    }

    /// <summary>Forgets the overrides of apps not in <paramref name="keep"/> (deleted, or no longer using the argocd write-back).</summary>
    public async Task RetainAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken)
    {
        foreach (var app in _byApp.Keys.Where(a => !keep.Contains(a)).ToList())
        {
            await _store.DeleteAsync(app, cancellationToken);
            _byApp.TryRemove(app, out _);
        }
    }
}
