namespace Hawser.Sync;

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
