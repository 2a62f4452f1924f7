using Hawser.Apps;

namespace Hawser.Controller;

/// <summary>The controller's runtime memory of one app (never persisted: it is rebuilt by refreshing).</summary>
internal sealed class AppState
{
    private readonly Lock _lock = new();
    private AppSyncSettings? _requestedSync;
    private AppDefinition? _requestedSource;
    private RefreshOutcome? _automated;
    private string _automatedReason = "";
    private bool _syncing;

    /// <summary>The last refresh's status.</summary>
    public AppRuntimeStatus? Status { get; set; }

    /// <summary>When the timer refreshes the app next.</summary>
    public DateTimeOffset NextRefresh { get; set; }

    /// <summary>The next refresh re-resolves the app's revisions (a requested refresh).</summary>
    public bool ResolveRevisions { get; set; }

    /// <summary>Self-heals of the same revision in a row.</summary>
    public int Heals { get; set; }

    /// <summary>When the next self-heal may run.</summary>
    public DateTimeOffset HealAllowedAt { get; set; }

    /// <summary>
    /// True while a sync worker runs the app's sync. Cleared before the sync asks for its closing refresh, so that refresh
    /// never mistakes the ending sync for a running one and skips.
    /// </summary>
    public bool Syncing
    {
        get => Volatile.Read(ref _syncing);
        set => Volatile.Write(ref _syncing, value);
    }

    /// <summary>Asks for a sync (a person, through the API or CLI); it replaces an automated one that has not started.</summary>
    /// <param name="settings">How to sync.</param>
    /// <param name="source">The app as it should be synced instead of as Git declares it now (a rollback to a history entry), or null.</param>
    public void RequestSync(AppSyncSettings settings, AppDefinition? source = null)
    {
        lock (_lock)
        {
            _requestedSync = settings;
            _requestedSource = source;
        }
    }

    /// <summary>Hands an automated sync to the sync workers, with the refresh it was decided on and why (for the audit log).</summary>
    public void ScheduleAutomated(RefreshOutcome outcome, string reason)
    {
        lock (_lock)
        {
            _automated = outcome;
            _automatedReason = reason;
        }
    }

    /// <summary>True while a sync waits for a worker.</summary>
    public bool SyncPending
    {
        get { lock (_lock) return _requestedSync is not null || _automated is not null; }
    }

    /// <summary>Takes the pending sync: a requested one first (with the source it asked for, if any), else the automated one
    /// and why it was decided.</summary>
    public (AppSyncSettings? Requested, AppDefinition? Source, RefreshOutcome? Automated, string AutomatedReason) TakeSync()
    {
        lock (_lock)
        {
            var taken = (_requestedSync, _requestedSource, _requestedSync is null ? _automated : null, _automatedReason);
            _requestedSync = null;
            _requestedSource = null;
            _automated = null;
            return taken;
        }
    }
}
