namespace Hawser.Health.Lua;

/// <summary>How much a custom health script may do before it is stopped and reported as Unknown.</summary>
/// <param name="MaxInstructions">Lua VM instructions, counted in steps of 1,000.</param>
/// <param name="MaxMemoryBytes">Memory held by the script's Lua state, including the object it reads.</param>
/// <param name="Timeout">Wall-clock time.</param>
internal sealed record LuaLimits(long MaxInstructions, long MaxMemoryBytes, TimeSpan Timeout)
{
    public static LuaLimits Default { get; } = new(10_000_000, 64L * 1024 * 1024, TimeSpan.FromSeconds(1));
}
