using Hawser.Apps;

namespace Hawser.Preview;

/// <summary>
/// Previews a change to a config repo: discovers and renders every app at the base revision, then at the head revision (in
/// that order, so the render cache the base filled answers the head's unchanged apps), and builds the report
/// (<see cref="PreviewBuilder"/>). Each revision comes with its discovery, over a renderer pinned to it (its
/// <see cref="ConfigRepo.Pins"/>) that keys its cache by content and shares that cache with the other revision's renderer.
/// </summary>
public static class ConfigRepoPreview
{
    public static async Task<PreviewReport> RunAsync((ConfigRepo Repo, ConfigRepoApps Apps) baseRevision, (ConfigRepo Repo, ConfigRepoApps Apps) headRevision, CancellationToken cancellationToken)
    {
        var before = Side(baseRevision.Repo, await baseRevision.Apps.DiscoverAsync(baseRevision.Repo, cancellationToken));
        var after = Side(headRevision.Repo, await headRevision.Apps.DiscoverAsync(headRevision.Repo, cancellationToken));
        return PreviewBuilder.Build(before, after);
    }

    /// <summary>One revision's apps and the discovery's errors (warnings are lint's business, not a preview's).</summary>
    internal static PreviewSide Side(ConfigRepo repo, ConfigRepoInventory inventory) => new(
        repo.Commit ?? "work tree",
        inventory.Apps.Select(a => new PreviewApp(a.Name, a.Result, a.Error)).ToList(),
        inventory.Problems.Where(p => p.IsError).Select(p => p.Location is null ? p.Message : $"{p.Location}: {p.Message}").ToList());
}
