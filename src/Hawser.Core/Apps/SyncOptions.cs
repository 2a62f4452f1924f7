namespace Hawser.Apps;

/// <summary>
/// The <c>syncOptions</c> of an Application (or, with the same syntax, of an object's <c>argocd.argoproj.io/sync-options</c>
/// annotation), parsed once: <c>Key=value</c> entries, later entries winning. Known options have typed properties;
/// <see cref="Entries"/> keeps every entry in order for display.
/// </summary>
public sealed record SyncOptions(IReadOnlyList<KeyValuePair<string, string>> Entries)
{
    /// <summary>The options Argo CD defines; any other key is warned when read.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "Validate", "CreateNamespace", "PrunePropagationPolicy", "PruneLast", "Replace", "ServerSideApply", "ApplyOutOfSyncOnly",
        "RespectIgnoreDifferences", "FailOnSharedResource", "Prune", "Delete", "SkipDryRunOnMissingResource", "Force",
    };

    /// <summary>No options.</summary>
    public static readonly SyncOptions Empty = new([]);

    /// <summary>The value of <paramref name="key"/> (the last one given), or null.</summary>
    public string? Get(string key)
    {
        for (var i = Entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(Entries[i].Key, key, StringComparison.Ordinal)) return Entries[i].Value;
        }
        return null;
    }

    /// <summary>True when <paramref name="key"/> is set to <c>true</c> (case-insensitive).</summary>
    public bool IsTrue(string key) => string.Equals(Get(key), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="key"/> is set to <c>false</c> (case-insensitive).</summary>
    public bool IsFalse(string key) => string.Equals(Get(key), "false", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>CreateNamespace=true</c>: create the destination namespace.</summary>
    public bool CreateNamespace => IsTrue("CreateNamespace");

    /// <summary><c>PruneLast=true</c>: prune after every wave.</summary>
    public bool PruneLast => IsTrue("PruneLast");

    /// <summary><c>ServerSideApply</c> as set (Hawser always applies server-side).</summary>
    public bool ServerSideApply => IsTrue("ServerSideApply");

    /// <summary><c>ApplyOutOfSyncOnly=true</c>: apply only objects that differ.</summary>
    public bool ApplyOutOfSyncOnly => IsTrue("ApplyOutOfSyncOnly");

    /// <summary><c>Replace=true</c>: replace instead of apply.</summary>
    public bool Replace => IsTrue("Replace");

    /// <summary><c>Validate=false</c>: skip schema validation.</summary>
    public bool SkipValidation => IsFalse("Validate");

    /// <summary><c>RespectIgnoreDifferences=true</c>: keep ignored fields out of the apply too.</summary>
    public bool RespectIgnoreDifferences => IsTrue("RespectIgnoreDifferences");

    /// <summary><c>FailOnSharedResource=true</c>: fail when an object is tracked by another app.</summary>
    public bool FailOnSharedResource => IsTrue("FailOnSharedResource");

    /// <summary><c>Prune=false</c> on an object: never prune it.</summary>
    public bool PruneDisabled => IsFalse("Prune");

    /// <summary><c>SkipDryRunOnMissingResource=true</c>: do not dry-run objects whose kind is not known yet.</summary>
    public bool SkipDryRunOnMissingResource => IsTrue("SkipDryRunOnMissingResource");

    /// <summary><c>PrunePropagationPolicy</c>: <c>foreground</c> (default), <c>background</c> or <c>orphan</c>.</summary>
    public string PrunePropagationPolicy => Get("PrunePropagationPolicy") ?? "foreground";

    /// <summary>
    /// Parses entries such as <c>CreateNamespace=true</c>. Entries without <c>=</c> are reported through <paramref name="invalid"/>;
    /// unknown keys through <paramref name="unknown"/>.
    /// </summary>
    public static SyncOptions Parse(IEnumerable<string> entries, Action<string>? invalid = null, Action<string>? unknown = null)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Length == 0) continue;
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                invalid?.Invoke(entry);
                continue;
            }
            var key = entry[..eq].Trim();
            if (!Known.Contains(key)) unknown?.Invoke(key);
            list.Add(new(key, entry[(eq + 1)..].Trim()));
        }
        return new SyncOptions(list);
    }

    /// <summary>Parses the comma-separated form used in the <c>argocd.argoproj.io/sync-options</c> annotation.</summary>
    public static SyncOptions ParseAnnotation(string value, Action<string>? invalid = null, Action<string>? unknown = null) =>
        Parse(value.Split(',', StringSplitOptions.RemoveEmptyEntries), invalid, unknown);
}
