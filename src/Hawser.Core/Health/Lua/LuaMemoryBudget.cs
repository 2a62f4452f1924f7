using System.Runtime.InteropServices;
using KeraLua;

namespace Hawser.Health.Lua;

/// <summary>
/// A Lua allocator that refuses to grow a state past <see cref="Limit"/>: Lua then raises "not enough memory" inside the
/// VM, which the script's caller sees as an error. The callback never throws (an exception must not cross native frames).
/// The limit starts unbounded so that setting up the state (unprotected calls, where a failure would abort) cannot fail.
/// </summary>
internal sealed class LuaMemoryBudget
{
    /// <summary>Kept in a static field so the delegate handed to native code is never collected.</summary>
    public static readonly LuaAlloc Allocator = Allocate;

    /// <summary>Bytes currently held by the state.</summary>
    public long Used { get; private set; }

    /// <summary>The most the state may hold.</summary>
    public long Limit { get; set; } = long.MaxValue;

    private static IntPtr Allocate(IntPtr userData, IntPtr pointer, UIntPtr oldSize, UIntPtr newSize)
    {
        try
        {
            var budget = (LuaMemoryBudget)GCHandle.FromIntPtr(userData).Target!;
            // When pointer is null, oldSize encodes the type of object being created, not a size.
            var previous = pointer == IntPtr.Zero ? 0L : (long)oldSize.ToUInt64();
            var requested = (long)newSize.ToUInt64();
            if (requested == 0)
            {
                if (pointer != IntPtr.Zero) Marshal.FreeHGlobal(pointer);
                budget.Used -= previous;
                return IntPtr.Zero;
            }
            if (requested > previous && budget.Used + requested - previous > budget.Limit) return IntPtr.Zero;
            var result = pointer == IntPtr.Zero ? Marshal.AllocHGlobal((nint)requested) : Marshal.ReAllocHGlobal(pointer, (nint)requested);
            budget.Used += requested - previous;
            return result;
        }
#pragma warning disable CA1031 // the allocator must report failure to Lua, never throw into native code
        catch (Exception)
#pragma warning restore CA1031
        {
            return IntPtr.Zero;
        }
    }
}
