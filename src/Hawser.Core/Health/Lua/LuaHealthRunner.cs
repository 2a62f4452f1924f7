using System.Collections.Concurrent;
using Hawser.Manifests;

namespace Hawser.Health.Lua;

/// <summary>
/// Runs custom health scripts with Argo CD's contract: the global <c>obj</c> holds the object as a table, and the script
/// returns a table with <c>status</c> (Healthy, Progressing, Degraded, Suspended, Missing, Unknown) and an optional
/// <c>message</c>. Returning nil means "no opinion" and the built-in check applies. A syntax error, a runtime error, an
/// invalid status or an exceeded limit gives <see cref="HealthStatus.Unknown"/> with the reason.
/// </summary>
/// <remarks>
/// Scripts run in sandboxed Lua states (see <see cref="LuaSandbox"/>) with a memory budget, as coroutines whose count
/// hook yields once the instruction or time limit is spent; a yield ends the run. Prepared states are pooled per check
/// and reused with a fresh environment per run. Thread-safe.
/// </remarks>
internal sealed class LuaHealthRunner(LuaLimits? limits = null)
{
    private readonly LuaLimits _limits = limits ?? LuaLimits.Default;
    private readonly ConcurrentDictionary<CustomHealthCheck, ConcurrentBag<LuaSession>> _pools = new(ReferenceEqualityComparer.Instance);

    /// <summary>Runs <paramref name="check"/>'s script with <paramref name="obj"/> as <c>obj</c>.</summary>
    public HealthResult? Run(CustomHealthCheck check, KubeObject obj)
    {
        var pool = _pools.GetOrAdd(check, _ => []);
        var session = pool.TryTake(out var pooled) ? pooled : new LuaSession(check, _limits);
        try
        {
            return session.Run(obj);
        }
        finally
        {
            if (session.Runs >= LuaSession.MaxRuns) session.Dispose();
            else pool.Add(session);
        }
    }

    /// <summary>Compiles <paramref name="script"/> without running it: null when it is valid, else the syntax error.</summary>
    public string? Compile(string name, string script)
    {
        using var session = new LuaSession(new CustomHealthCheck("", name, script, name), _limits);
        return session.LoadError;
    }
}
