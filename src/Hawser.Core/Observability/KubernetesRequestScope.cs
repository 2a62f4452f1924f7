namespace Hawser.Observability;

/// <summary>
/// The app on whose behalf the current async flow talks to a cluster, so <see cref="MeteredKubernetesClient"/> can count
/// requests per app (<c>argocd_app_k8s_request_total</c>) without threading the app through every stage.
/// </summary>
public static class KubernetesRequestScope
{
    private static readonly AsyncLocal<AppIdentity?> CurrentApp = new();

    /// <summary>The app of the current flow, or null.</summary>
    public static AppIdentity? Current => CurrentApp.Value;

    /// <summary>Marks the rest of the current flow (until disposed) as work for <paramref name="app"/>.</summary>
    public static IDisposable Enter(AppIdentity app)
    {
        var previous = CurrentApp.Value;
        CurrentApp.Value = app;
        return new Exit(previous);
    }

    private sealed class Exit(AppIdentity? previous) : IDisposable
    {
        public void Dispose() => CurrentApp.Value = previous;
    }
}
