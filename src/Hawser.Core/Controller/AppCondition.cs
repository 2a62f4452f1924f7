namespace Hawser.Controller;

/// <summary>
/// A condition on an app's status, in Argo CD's vocabulary (<c>ComparisonError</c>, <c>SyncError</c>, <c>InvalidSpecError</c>,
/// <c>SharedResourceWarning</c>...) plus Hawser's own (<c>DependencyWaiting</c>, <c>DependencyCycleError</c>). Types ending
/// in <c>Error</c> are errors; the rest are warnings or information.
/// </summary>
/// <param name="Type">The condition type.</param>
/// <param name="Message">What is wrong, naming the app and, where known, the file and field.</param>
public sealed record AppCondition(string Type, string Message)
{
    /// <summary>The app's source could not be rendered or compared.</summary>
    public const string ComparisonError = "ComparisonError";

    /// <summary>An automated sync was refused or failed before it could run.</summary>
    public const string SyncError = "SyncError";

    /// <summary>The Application itself is invalid.</summary>
    public const string InvalidSpecError = "InvalidSpecError";

    /// <summary>An object the app declares is tracked by another app.</summary>
    public const string SharedResourceWarning = "SharedResourceWarning";

    /// <summary>Something in the app's source or options was not understood.</summary>
    public const string ComparisonWarning = "ComparisonWarning";

    /// <summary>The app's automated sync waits for the apps it depends on (<c>hawser.io/depends-on</c>).</summary>
    public const string DependencyWaiting = "DependencyWaiting";

    /// <summary>The app's dependencies form a cycle: it will never sync automatically until the cycle is broken.</summary>
    public const string DependencyCycleError = "DependencyCycleError";

    /// <summary>True for error conditions.</summary>
    public bool IsError => Type.EndsWith("Error", StringComparison.Ordinal);
}
