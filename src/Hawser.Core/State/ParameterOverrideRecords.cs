using Hawser.Apps;

namespace Hawser.State;

/// <summary>
/// Parameter overrides Hawser keeps for one app, applied on top of its source at render time: what Argo CD Image
/// Updater's <c>write-back-method: argocd</c> writes into the Application resource, kept here because Hawser's
/// Applications live in Git.
/// </summary>
/// <param name="App">The app.</param>
/// <param name="HelmParameters">Helm parameters set by name (for a Helm source).</param>
/// <param name="KustomizeImages">Kustomize image overrides, <c>[old=]name[:tag][@digest]</c> (for a Kustomize source).</param>
/// <param name="WrittenBy">Who wrote them (<c>image-updater</c>).</param>
/// <param name="UpdatedAt">When.</param>
public sealed record ParameterOverrideRecord(
    string App, IReadOnlyList<HelmParameter> HelmParameters, IReadOnlyList<string> KustomizeImages, string WrittenBy, DateTimeOffset UpdatedAt);

/// <summary>The parameter overrides of every app; one record per app, replaced whole.</summary>
public interface IParameterOverrideStore
{
    /// <summary>Stores <paramref name="record"/>, replacing the app's previous one.</summary>
    Task SaveAsync(ParameterOverrideRecord record, CancellationToken cancellationToken);

    /// <summary>Every app's overrides, sorted by app.</summary>
    Task<IReadOnlyList<ParameterOverrideRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Forgets the app's overrides; false when it had none.</summary>
    Task<bool> DeleteAsync(string app, CancellationToken cancellationToken);
}
