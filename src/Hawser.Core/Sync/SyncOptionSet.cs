using Hawser.Kubernetes;

namespace Hawser.Sync;

/// <summary>
/// Argo CD's sync options as one typed record, parsed once from the Application's <c>spec.syncPolicy.syncOptions</c> and, per
/// object, from the comma-separated <c>argocd.argoproj.io/sync-options</c> annotation (object entries override the app's).
/// </summary>
/// <param name="Prune">False (<c>Prune=false</c>) keeps the object when Git drops it; it is reported instead.</param>
/// <param name="PruneLast">Prune after every other step of the sync instead of right after the apply.</param>
/// <param name="CreateNamespace">Create the destination namespace before the sync.</param>
/// <param name="ApplyOutOfSyncOnly">Write only objects that differ. Hawser never writes an unchanged object anyway, so this is always in effect.</param>
/// <param name="Replace">Replace (PUT, or POST when missing) instead of server-side apply.</param>
/// <param name="ServerSideApply">Server-side apply; the default and only apply mode here (accepted for compatibility).</param>
/// <param name="Validate">False (<c>Validate=false</c>) asks for no schema validation (accepted; the API server validates anyway).</param>
/// <param name="PrunePropagationPolicy">The deletion propagation of prunes: foreground (Argo CD's default), background or orphan.</param>
/// <param name="SkipDryRunOnMissingResource">Do not dry-run an object whose kind the cluster does not serve yet (its CRD is in the same sync).</param>
/// <param name="Warnings">Entries that were not understood, each named.</param>
public sealed record SyncOptionSet(
    bool Prune = true,
    bool PruneLast = false,
    bool CreateNamespace = false,
    bool ApplyOutOfSyncOnly = false,
    bool Replace = false,
    bool ServerSideApply = true,
    bool Validate = true,
    PropagationPolicy PrunePropagationPolicy = PropagationPolicy.Foreground,
    bool SkipDryRunOnMissingResource = false,
    IReadOnlyList<string>? Warnings = null)
{
    /// <summary>The annotation carrying per-object options.</summary>
    public const string Annotation = "argocd.argoproj.io/sync-options";

    /// <summary>No options set: Argo CD's defaults.</summary>
    public static readonly SyncOptionSet Default = new();

    /// <summary>Parses <c>Key=value</c> entries on top of <paramref name="inherited"/> (later entries win).</summary>
    public static SyncOptionSet Parse(IEnumerable<string> entries, SyncOptionSet? inherited = null)
    {
        var result = (inherited ?? Default) with { Warnings = null };
        var warnings = new List<string>(inherited?.Warnings ?? []);
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Length == 0) continue;
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? entry : entry[..eq].Trim();
            var value = eq < 0 ? "" : entry[(eq + 1)..].Trim();
            bool? flag = value.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
                : value.Equals("false", StringComparison.OrdinalIgnoreCase) ? false : null;
            SyncOptionSet? next = (key, flag) switch
            {
                ("Prune", { } b) => result with { Prune = b },
                ("PruneLast", { } b) => result with { PruneLast = b },
                ("CreateNamespace", { } b) => result with { CreateNamespace = b },
                ("ApplyOutOfSyncOnly", { } b) => result with { ApplyOutOfSyncOnly = b },
                ("Replace", { } b) => result with { Replace = b },
                ("ServerSideApply", { } b) => result with { ServerSideApply = b },
                ("Validate", { } b) => result with { Validate = b },
                ("SkipDryRunOnMissingResource", { } b) => result with { SkipDryRunOnMissingResource = b },
                ("PrunePropagationPolicy", _) => ParsePolicy(value) is { } p ? result with { PrunePropagationPolicy = p } : null,
                _ => null,
            };
            if (next is null) warnings.Add($"sync option '{entry}' is not supported and was ignored");
            else result = next;
        }
        return result with { Warnings = warnings };
    }

    /// <summary>The typed form of an Application's <c>syncPolicy.syncOptions</c> as the Apps stage read them.</summary>
    public static SyncOptionSet From(Hawser.Apps.SyncOptions? options) =>
        options is null ? Default : Parse(options.Entries.Select(e => $"{e.Key}={e.Value}"));

    /// <summary>Parses the comma-separated annotation form on top of <paramref name="inherited"/>.</summary>
    public static SyncOptionSet ParseAnnotation(string? value, SyncOptionSet inherited) =>
        value is null ? inherited : Parse(value.Split(','), inherited);

    private static PropagationPolicy? ParsePolicy(string value) => value.ToLowerInvariant() switch
    {
        "foreground" => PropagationPolicy.Foreground,
        "background" => PropagationPolicy.Background,
        "orphan" => PropagationPolicy.Orphan,
        _ => null,
    };
}
