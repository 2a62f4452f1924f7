using System.Diagnostics;
using System.Runtime.InteropServices;
using KeraLua;
using Hawser.Manifests;

namespace Hawser.Health.Lua;

/// <summary>
/// Runs one custom health script against one object, Argo CD's contract: the global <c>obj</c> holds the object as a
/// table, and the script returns a table with <c>status</c> (Healthy, Progressing, Degraded, Suspended, Missing, Unknown)
/// and an optional <c>message</c>. Returning nil means "no opinion" and the built-in check applies. A syntax error, a
/// runtime error, an invalid status or an exceeded limit gives <see cref="HealthStatus.Unknown"/> with the reason.
/// </summary>
/// <remarks>
/// Each run gets a fresh, sandboxed Lua state (see <see cref="LuaSandbox"/>) with a memory budget, and runs the script as a
/// coroutine whose count hook yields once the instruction or time limit is spent; a yield ends the run. Thread-safe.
/// </remarks>
internal sealed class LuaHealthRunner(LuaLimits? limits = null)
{
    private const int HookInterval = 1000;
    private static readonly LuaHookFunction CountHook = OnCount;

    [ThreadStatic]
    private static RunBudget? t_budget;

    private readonly LuaLimits _limits = limits ?? LuaLimits.Default;

    /// <summary>Runs <paramref name="check"/>'s script with <paramref name="obj"/> as <c>obj</c>.</summary>
    public HealthResult? Run(CustomHealthCheck check, KubeObject obj)
    {
        var memory = new LuaMemoryBudget();
        var handle = GCHandle.Alloc(memory);
        try
        {
            using var lua = new KeraLua.Lua(LuaMemoryBudget.Allocator, GCHandle.ToIntPtr(handle));
            return RunIn(lua, memory, check, obj);
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>Compiles <paramref name="script"/> without running it: null when it is valid, else the syntax error.</summary>
    public string? Compile(string name, string script)
    {
        var memory = new LuaMemoryBudget();
        var handle = GCHandle.Alloc(memory);
        try
        {
            using var lua = new KeraLua.Lua(LuaMemoryBudget.Allocator, GCHandle.ToIntPtr(handle));
            memory.Limit = memory.Used + _limits.MaxMemoryBytes;
            return Load(lua, name, script);
        }
        finally
        {
            handle.Free();
        }
    }

    private HealthResult? RunIn(KeraLua.Lua lua, LuaMemoryBudget memory, CustomHealthCheck check, KubeObject obj)
    {
        lua.OpenLibs();
        if (lua.DoString(LuaSandbox.Prelude))
            return HealthResult.Unknown($"health check {check.Name}: sandbox setup failed: {lua.ToString(-1)}");

        LuaTables.Push(lua, obj.Body);
        lua.SetGlobal("obj");

        var thread = lua.NewThread();
        var loadError = Load(thread, check.Name, check.Script);
        if (loadError is not null) return HealthResult.Unknown($"health check {check.Name}: {loadError}");

        thread.SetHook(CountHook, LuaHookMask.Count, HookInterval);
        memory.Limit = memory.Used + _limits.MaxMemoryBytes;
        var budget = new RunBudget(_limits.MaxInstructions, _limits.Timeout);
        var previous = t_budget;
        t_budget = budget;
        LuaStatus status;
        int results;
        try
        {
            status = thread.Resume(null, 0, out results);
        }
        finally
        {
            t_budget = previous;
            // Reading the result may allocate outside a protected call, where a refused allocation would abort.
            memory.Limit = long.MaxValue;
        }

        if (status == LuaStatus.Yield)
            return HealthResult.Unknown($"health check {check.Name}: {budget.StopReason ?? "script yielded"}");
        if (status != LuaStatus.OK)
            return HealthResult.Unknown($"health check {check.Name}: {thread.ToString(-1)}");
        return results == 0 ? null : ReadResult(thread, check);
    }

    private static string? Load(KeraLua.Lua lua, string name, string script)
    {
        // Binary chunks could crash the VM: only source text is accepted.
        if (script.StartsWith('\u001b')) return "precompiled Lua chunks are not accepted";
        var status = lua.LoadString(script, "=" + name);
        return status == LuaStatus.OK ? null : lua.ToString(-1);
    }

    private static HealthResult? ReadResult(KeraLua.Lua thread, CustomHealthCheck check)
    {
        var type = thread.Type(-1);
        if (type == LuaType.Nil) return null;
        if (type != LuaType.Table)
            return HealthResult.Unknown($"health check {check.Name}: expected the script to return a table, got {thread.TypeName(type)}");

        thread.GetField(-1, "status");
        var statusText = thread.Type(-1) == LuaType.String ? thread.ToString(-1) : "";
        thread.Pop(1);
        thread.GetField(-1, "message");
        var message = thread.Type(-1) is LuaType.String or LuaType.Number ? thread.ToString(-1) : "";
        thread.Pop(1);

        return Enum.TryParse<HealthStatus>(statusText, ignoreCase: false, out var status) && Enum.IsDefined(status) && !int.TryParse(statusText, out _)
            ? new HealthResult(status, message)
            : HealthResult.Unknown($"health check {check.Name}: Lua returned an invalid health status \"{statusText}\"");
    }

    private static void OnCount(IntPtr luaState, IntPtr debug)
    {
        var budget = t_budget;
        if (budget is null || !budget.Spend(HookInterval)) return;
        // Yielding is only possible outside C calls; otherwise try again at the next count.
        if (LuaNative.lua_isyieldable(luaState) != 0) LuaNative.lua_yieldk(luaState, 0, IntPtr.Zero, IntPtr.Zero);
    }

    /// <summary>What one run may still spend; touched only by the thread running the script.</summary>
    private sealed class RunBudget(long maxInstructions, TimeSpan timeout)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _instructions;

        public string? StopReason { get; private set; }

        /// <summary>Counts <paramref name="instructions"/>; true when the run must stop.</summary>
        public bool Spend(long instructions)
        {
            _instructions += instructions;
            if (_instructions > maxInstructions)
                StopReason = $"script exceeded its limit of {maxInstructions:N0} instructions";
            else if (_clock.Elapsed > timeout)
                StopReason = $"script exceeded its time limit of {timeout.TotalMilliseconds:N0} ms";
            return StopReason is not null;
        }
    }
}
