namespace Hawser.Sync;

/// <summary>The phases of a sync, in the order they run. <see cref="SyncFail"/> runs only when an earlier phase failed.</summary>
public enum SyncPhase
{
    /// <summary>Hooks that must finish before anything is applied (migrations, checks).</summary>
    PreSync,

    /// <summary>The application's objects, and hooks annotated <c>Sync</c>.</summary>
    Sync,

    /// <summary>Hooks that run after every wave of the Sync phase is healthy (smoke tests, notifications).</summary>
    PostSync,

    /// <summary>Hooks that run when the sync failed (clean-up, alerts).</summary>
    SyncFail,
}

/// <summary>When a hook object is deleted by Hawser.</summary>
[Flags]
public enum HookDeletePolicy
{
    /// <summary>Never deleted by Hawser.</summary>
    None = 0,

    /// <summary>An existing hook of the same name is deleted before the hook is created (the default).</summary>
    BeforeHookCreation = 1,

    /// <summary>Deleted once it succeeded.</summary>
    HookSucceeded = 2,

    /// <summary>Deleted once it failed.</summary>
    HookFailed = 4,
}
