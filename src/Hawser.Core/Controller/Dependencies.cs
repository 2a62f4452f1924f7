using Hawser.Apps;

namespace Hawser.Controller;

/// <summary>
/// App dependencies (<c>hawser.io/depends-on: app-a, app-b</c> on an Application, Flux's <c>dependsOn</c>): an app's
/// automated sync waits until every app it depends on is Synced and Healthy. A dependency cycle is reported as a
/// condition on every app in it, never a hang.
/// </summary>
public static class Dependencies
{
    /// <summary>The annotation naming the apps an app depends on, comma-separated.</summary>
    public const string Annotation = "hawser.io/depends-on";

    /// <summary>The apps <paramref name="app"/> depends on, in the order written, without duplicates.</summary>
    public static IReadOnlyList<string> Of(AppDefinition app) =>
        app.Application.Metadata.Annotations.TryGetValue(Annotation, out var text)
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>
    /// Null when every dependency of <paramref name="name"/> is Synced and Healthy; otherwise the condition that holds its sync.
    /// </summary>
    public static AppCondition? Check(string name, IReadOnlyDictionary<string, CatalogEntry> catalog, Func<string, AppRuntimeStatus?> statusOf)
    {
        if (!catalog.TryGetValue(name, out var entry)) return null;
        var needs = Of(entry.App);
        if (needs.Count == 0) return null;
        if (FindCycle(name, catalog) is { } cycle)
            return new AppCondition(AppCondition.DependencyCycleError, $"dependency cycle: {string.Join(" → ", cycle)} ({Annotation}); automated sync is held until it is broken");
        var waiting = new List<string>();
        foreach (var dependency in needs)
        {
            if (!catalog.ContainsKey(dependency)) waiting.Add($"{dependency} (no such app)");
            else if (statusOf(dependency) is not { } status) waiting.Add($"{dependency} (not reconciled yet)");
            else if (!status.IsSyncedAndHealthy) waiting.Add($"{dependency} ({status.Sync}, {status.Health.Status})");
        }
        return waiting.Count == 0 ? null : new AppCondition(AppCondition.DependencyWaiting, "waiting for " + string.Join(", ", waiting));
    }

    /// <summary>The apps that name <paramref name="name"/> as a dependency.</summary>
    public static IEnumerable<string> Dependents(string name, IReadOnlyDictionary<string, CatalogEntry> catalog) =>
        catalog.Values.Where(e => Of(e.App).Contains(name, StringComparer.Ordinal)).Select(e => e.Name);

    // A path from name back to itself, or null. Depth-first over the declared dependencies.
    private static List<string>? FindCycle(string name, IReadOnlyDictionary<string, CatalogEntry> catalog)
    {
        var path = new List<string> { name };
        var done = new HashSet<string>(StringComparer.Ordinal);
        return Visit(name) ? path : null;

        bool Visit(string current)
        {
            if (!catalog.TryGetValue(current, out var entry)) return false;
            foreach (var next in Of(entry.App))
            {
                if (next == name)
                {
                    path.Add(next);
                    return true;
                }
                if (path.Contains(next, StringComparer.Ordinal) || !done.Add(next)) continue;
                path.Add(next);
                if (Visit(next)) return true;
                path.RemoveAt(path.Count - 1);
            }
            return false;
        }
    }
}
