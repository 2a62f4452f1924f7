namespace Hawser.State;

/// <summary>The state store refused a request (an unknown or finished operation, a newer schema...).</summary>
public class StateException : Exception
{
    public StateException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>An app already has a running operation; only one runs at a time per app.</summary>
public sealed class OperationInProgressException : StateException
{
    public OperationInProgressException(string app, long runningOperationId)
        : base($"app {app}: operation {runningOperationId} is already running")
    {
        App = app;
        RunningOperationId = runningOperationId;
    }

    /// <summary>Another sync holds the app's lock; <paramref name="running"/> is its operation when it has started one.</summary>
    public OperationInProgressException(string app, OperationRecord? running)
        : base(running is null
            ? $"app {app}: another operation is in progress"
            : $"app {app}: another operation is in progress (operation {running.Id} started by {running.Initiator} at {running.StartedAt:yyyy-MM-dd HH:mm:ss}Z)")
    {
        App = app;
        RunningOperationId = running?.Id ?? 0;
    }

    public string App { get; }
    public long RunningOperationId { get; }
}

/// <summary>A child app is already registered by another parent; it is reported on both, never taken over.</summary>
public sealed class ChildAppConflictException : StateException
{
    public ChildAppConflictException(ChildApp requested, string existingParent)
        : base($"{requested.Kind}/{requested.Name}: already registered by app {existingParent}, cannot register it for app {requested.Parent}")
    {
        Requested = requested;
        ExistingParent = existingParent;
    }

    public ChildApp Requested { get; }
    public string ExistingParent { get; }
}
