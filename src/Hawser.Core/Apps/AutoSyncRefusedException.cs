namespace Hawser.Apps;

/// <summary>
/// An automated sync was refused before anything was written, as Argo CD refuses it: the source renders no objects, the
/// policy prunes, and <c>syncPolicy.automated.allowEmpty</c> is not true, so the sync would delete every object of the app.
/// The controller reports it as a sync error condition on the app; a manual sync (or <c>allowEmpty: true</c>) is allowed.
/// </summary>
public sealed class AutoSyncRefusedException : InvalidOperationException
{
    public AutoSyncRefusedException(string app, string revision)
        : base($"app \"{app}\": skipping sync attempt to {(revision.Length > 0 ? revision : "the current revision")}: auto-sync will wipe out all resources " +
            "(the source renders no objects; set syncPolicy.automated.allowEmpty: true to allow an empty app)")
    {
        App = app;
        Revision = revision;
    }

    /// <summary>The app that was not synced.</summary>
    public string App { get; }

    /// <summary>The revision that rendered no objects.</summary>
    public string Revision { get; }
}
