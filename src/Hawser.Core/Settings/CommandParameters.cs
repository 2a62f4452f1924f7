using System.Globalization;

namespace Hawser.Settings;

/// <summary>
/// The <c>argocd-cmd-params-cm</c> keys that matter to Hawser, as typed knobs (Argo CD's defaults when absent). Other keys
/// are warned by name: they tune Argo CD components Hawser does not have.
/// </summary>
/// <param name="StatusProcessors">Refresh workers (<c>controller.status.processors</c>, Argo CD default 20).</param>
/// <param name="OperationProcessors">Sync workers (<c>controller.operation.processors</c>, default 10).</param>
/// <param name="SelfHealTimeout">Wait before a self-heal re-sync (<c>controller.self.heal.timeout.seconds</c>, default 5 s).</param>
/// <param name="RenderTimeout">Limit for rendering one app (<c>controller.repo.server.timeout.seconds</c>, default 60 s).</param>
/// <param name="RenderParallelism">Renders at once (<c>reposerver.parallelism.limit</c>); 0 (default) leaves Hawser's own limit.</param>
/// <param name="ServerInsecure">Serve plain HTTP (<c>server.insecure</c>, default false).</param>
/// <param name="ApplicationNamespaces">Namespaces whose Applications are served besides Hawser's own (<c>application.namespaces</c>; globs).</param>
/// <param name="Data">The ConfigMap's data as written.</param>
public sealed record CommandParameters(
    int StatusProcessors,
    int OperationProcessors,
    TimeSpan SelfHealTimeout,
    TimeSpan RenderTimeout,
    int RenderParallelism,
    bool ServerInsecure,
    IReadOnlyList<string> ApplicationNamespaces,
    IReadOnlyDictionary<string, string> Data)
{
    public static CommandParameters Default { get; } = new(20, 10, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), 0, false, [], new Dictionary<string, string>());

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "controller.status.processors", "controller.operation.processors", "controller.self.heal.timeout.seconds",
        "controller.repo.server.timeout.seconds", "reposerver.parallelism.limit", "server.insecure", "application.namespaces",
    };

    internal static CommandParameters Read(SettingsObject? cm, SettingsProblems problems)
    {
        if (cm is null) return Default;
        foreach (var key in cm.Data.Keys.Where(k => !Known.Contains(k)).Order(StringComparer.Ordinal))
            problems.Warn(cm, key, "not used by Hawser (it tunes an Argo CD component Hawser does not have)");

        int Count(string key, int fallback, int min)
        {
            if (cm.Value(key) is not { } text) return fallback;
            if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min) return n;
            problems.Error(cm, key, $"'{text}' is not a whole number of at least {min}");
            return fallback;
        }

        var insecure = Default.ServerInsecure;
        if (cm.Value("server.insecure") is { } flag && !bool.TryParse(flag.Trim(), out insecure))
            problems.Error(cm, "server.insecure", $"'{flag}' is not true or false");

        return new CommandParameters(
            Count("controller.status.processors", Default.StatusProcessors, 1),
            Count("controller.operation.processors", Default.OperationProcessors, 1),
            TimeSpan.FromSeconds(Count("controller.self.heal.timeout.seconds", (int)Default.SelfHealTimeout.TotalSeconds, 0)),
            TimeSpan.FromSeconds(Count("controller.repo.server.timeout.seconds", (int)Default.RenderTimeout.TotalSeconds, 1)),
            Count("reposerver.parallelism.limit", Default.RenderParallelism, 0),
            insecure,
            cm.Value("application.namespaces")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [],
            cm.Data);
    }
}
