using System.Runtime.InteropServices;
using KeraLua;
using Hawser.Manifests;

namespace Hawser.Health.Lua;

/// <summary>
/// One prepared Lua state for one custom check: sandboxed libraries, the compiled script, and the prelude's
/// environment factory, kept in the registry. Used by one thread at a time; each run gets a fresh environment.
/// </summary>
internal sealed class LuaSession : IDisposable
{
    /// <summary>After this many runs the state is replaced, so garbage and fragmentation never accumulate.</summary>
    public const int MaxRuns = 5000;

    private const int HookInterval = 1000;
    private static readonly LuaHookFunction CountHook = OnCount;

    [ThreadStatic]
    private static RunBudget? t_budget;

    private readonly CustomHealthCheck _check;
    private readonly LuaLimits _limits;
    private readonly LuaMemoryBudget _memory = new();
    private readonly GCHandle _handle;
    private readonly KeraLua.Lua _lua;
    private readonly int _environmentFactory;
    private readonly int _chunk;
    private readonly long _baseline;

    public LuaSession(CustomHealthCheck check, LuaLimits limits)
    {
        _check = check;
        _limits = limits;
        _handle = GCHandle.Alloc(_memory);
        _lua = new KeraLua.Lua(LuaMemoryBudget.Allocator, GCHandle.ToIntPtr(_handle));
        _lua.OpenLibs();
        if (_lua.LoadString(LuaSandbox.Prelude, "=sandbox") != LuaStatus.OK || _lua.PCall(0, 1, 0) != LuaStatus.OK)
            throw new InvalidOperationException($"the Lua sandbox could not be set up: {_lua.ToString(-1)}");
        _environmentFactory = _lua.Ref(LuaRegistry.Index);

        var top = _lua.GetTop();
        LoadError = Load(_lua, check.Name, check.Script);
        _chunk = LoadError is null ? _lua.Ref(LuaRegistry.Index) : 0;
        // A failed load leaves an error message, or nothing for a refused binary chunk: restore the stack either way.
        _lua.SetTop(top);
        _baseline = _memory.Used;
    }

    /// <summary>The syntax error of the script, or null when it compiled.</summary>
    public string? LoadError { get; }

    /// <summary>The main state's stack height between runs; always 0 (a test guards against unbalanced stack use).</summary>
    internal int StackHeight => _lua.GetTop();

    /// <summary>How many times <see cref="Run"/> was called.</summary>
    public int Runs { get; private set; }

    /// <summary>
    /// Compiles <paramref name="script"/> in <paramref name="lua"/>: null when valid, with the function left on the stack;
    /// else the error, with the stack in an unspecified state the caller restores.
    /// </summary>
    public static string? Load(KeraLua.Lua lua, string name, string script)
    {
        // Binary chunks could crash the VM: only source text is accepted.
        if (script.StartsWith('\u001b')) return "precompiled Lua chunks are not accepted";
        var status = lua.LoadString(script, "=" + name);
        return status == LuaStatus.OK ? null : lua.ToString(-1);
    }

    /// <summary>Runs the script once with <paramref name="obj"/> as <c>obj</c> (see <see cref="LuaHealthRunner"/> for the contract).</summary>
    public HealthResult? Run(KubeObject obj)
    {
        Runs++;
        if (LoadError is not null) return Unknown(LoadError);

        var top = _lua.GetTop();
        try
        {
            // Garbage of earlier runs must not count against this run's budget.
            if (_memory.Used > 2 * _baseline) _lua.GarbageCollector(LuaGC.Collect, 0);

            _lua.RawGetInteger(LuaRegistry.Index, _environmentFactory);
            LuaTables.Push(_lua, obj.Body);
            if (_lua.PCall(1, 1, 0) != LuaStatus.OK) return Unknown($"sandbox setup failed: {_lua.ToString(-1)}");

            var thread = _lua.NewThread();
            _lua.RawGetInteger(LuaRegistry.Index, _chunk);
            _lua.PushCopy(-3);
            _lua.SetUpValue(-2, 1);
            _lua.XMove(thread, 1);
            thread.SetHook(CountHook, LuaHookMask.Count, HookInterval);
            return Resume(thread);
        }
        finally
        {
            _lua.SetTop(top);
        }
    }

    public void Dispose()
    {
        _lua.Dispose();
        _handle.Free();
    }

    private HealthResult? Resume(KeraLua.Lua thread)
    {
        var budget = new RunBudget(_limits.MaxInstructions, _limits.Timeout);
        var previous = t_budget;
        t_budget = budget;
        _memory.Limit = _memory.Used + _limits.MaxMemoryBytes;
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
            _memory.Limit = long.MaxValue;
        }

        if (status == LuaStatus.Yield) return Unknown(budget.StopReason ?? "script yielded");
        if (status != LuaStatus.OK) return Unknown(thread.ToString(-1));
        return results == 0 ? null : ReadResult(thread);
    }

    private HealthResult? ReadResult(KeraLua.Lua thread)
    {
        var type = thread.Type(-1);
        if (type == LuaType.Nil) return null;
        if (type != LuaType.Table) return Unknown($"expected the script to return a table, got {thread.TypeName(type)}");

        thread.GetField(-1, "status");
        var statusText = thread.Type(-1) == LuaType.String ? thread.ToString(-1) : "";
        thread.Pop(1);
        thread.GetField(-1, "message");
        var message = thread.Type(-1) is LuaType.String or LuaType.Number ? thread.ToString(-1) : "";
        thread.Pop(1);

        return IsStatusName(statusText, out var status)
            ? new HealthResult(status, message)
            : Unknown($"Lua returned an invalid health status \"{statusText}\"");
    }

    private static bool IsStatusName(string text, out HealthStatus status)
    {
        foreach (var candidate in Enum.GetValues<HealthStatus>())
        {
            if (string.Equals(candidate.ToString(), text, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }
        status = HealthStatus.Unknown;
        return false;
    }

    private HealthResult Unknown(string reason) => HealthResult.CheckError($"health check {_check.Name} failed: {reason}");

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
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
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
