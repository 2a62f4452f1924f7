using Cronos;

namespace Hawser.Apps;

/// <summary>Whether a sync window allows or denies syncs while it is open.</summary>
public enum SyncWindowKind
{
    Allow,
    Deny,
}

/// <summary>
/// One of a project's <c>syncWindows</c>: open for <see cref="Duration"/> from each time <see cref="Schedule"/> fires (in
/// <see cref="TimeZone"/>), and concerning the apps whose name, destination namespace or destination cluster matches one
/// of its globs.
/// </summary>
/// <param name="Kind">allow or deny.</param>
/// <param name="ScheduleText">The cron schedule as written (five fields).</param>
/// <param name="Schedule">The parsed schedule.</param>
/// <param name="Duration">How long the window stays open.</param>
/// <param name="Applications">App name globs.</param>
/// <param name="Namespaces">Destination namespace globs.</param>
/// <param name="Clusters">Destination cluster (server or name) globs.</param>
/// <param name="ManualSync">Manual syncs are allowed even when this window blocks syncs.</param>
/// <param name="TimeZone">The schedule's time zone (UTC unless timeZone says otherwise).</param>
/// <param name="Index">Its position in spec.syncWindows, to name it in messages.</param>
public sealed record SyncWindow(
    SyncWindowKind Kind,
    string ScheduleText,
    CronExpression Schedule,
    TimeSpan Duration,
    IReadOnlyList<string> Applications,
    IReadOnlyList<string> Namespaces,
    IReadOnlyList<string> Clusters,
    bool ManualSync,
    TimeZoneInfo TimeZone,
    int Index)
{
    /// <summary>True when the window was opened by its schedule no longer than <see cref="Duration"/> before <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now)
    {
        var next = Schedule.GetNextOccurrence(now.UtcDateTime - Duration, TimeZone, inclusive: false);
        return next is { } start && start <= now.UtcDateTime;
    }

    /// <summary>True when the window concerns an app with this name and destination.</summary>
    public bool Concerns(string app, ApplicationDestination destination) =>
        Applications.Any(p => ProjectGlob.Matches(p, app))
        || (destination.Namespace.Length > 0 && Namespaces.Any(p => ProjectGlob.Matches(p, destination.Namespace)))
        || Clusters.Any(p => (destination.Server is { } s && ProjectGlob.Matches(p, s)) || (destination.Name is { } n && ProjectGlob.Matches(p, n)));

    public override string ToString() => $"spec.syncWindows[{Index}] ({Kind.ToString().ToLowerInvariant()} '{ScheduleText}' for {GoDurationText(Duration)})";

    private static string GoDurationText(TimeSpan d) => d.TotalMinutes % 60 == 0 ? $"{(long)d.TotalHours}h" : $"{(long)d.TotalMinutes}m";
}

/// <summary>Why a sync may not start now: the windows that block it.</summary>
public sealed record SyncWindowDecision(bool Allowed, string Reason)
{
    public static SyncWindowDecision Yes { get; } = new(true, "");
}

/// <summary>
/// Argo CD's sync window rules for one app: an open deny window blocks syncs (a manual sync passes when every open deny
/// window has <c>manualSync</c>); otherwise, if the app has allow windows and none is open, syncs are blocked (a manual
/// sync passes when one of them has <c>manualSync</c>); otherwise syncs may run.
/// </summary>
public static class SyncWindowSet
{
    /// <summary>Whether <paramref name="app"/> may sync at <paramref name="now"/>.</summary>
    public static SyncWindowDecision CanSync(AppProject project, Application app, bool manual, DateTimeOffset now)
    {
        var concerned = project.SyncWindows.Where(w => w.Concerns(app.Name, app.Spec.Destination)).ToList();
        if (concerned.Count == 0) return SyncWindowDecision.Yes;
        var openDeny = concerned.Where(w => w.Kind == SyncWindowKind.Deny && w.IsActive(now)).ToList();
        if (openDeny.Count > 0)
        {
            if (manual && openDeny.All(w => w.ManualSync)) return SyncWindowDecision.Yes;
            return new(false, $"{project}: blocked by deny sync window {string.Join(", ", openDeny)}"
                + (manual ? " (manual syncs are not allowed by it: manualSync is false)" : ""));
        }
        var allows = concerned.Where(w => w.Kind == SyncWindowKind.Allow).ToList();
        if (allows.Count == 0 || allows.Any(w => w.IsActive(now))) return SyncWindowDecision.Yes;
        if (manual && allows.Any(w => w.ManualSync)) return SyncWindowDecision.Yes;
        return new(false, $"{project}: no allow sync window is open ({string.Join(", ", allows)})"
            + (manual ? "; none of them has manualSync" : ""));
    }
}
