using System.Runtime.InteropServices;

namespace Hawser.Health.Lua;

/// <summary>The two Lua C API calls KeraLua does not expose in the form a count hook needs.</summary>
internal static partial class LuaNative
{
    private const string Library = "lua54";

    /// <summary>Whether the running coroutine can yield here (not inside a C function such as a comparator callback).</summary>
    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int lua_isyieldable(IntPtr luaState);

    /// <summary>Yields the running coroutine; called from a count hook with no results, the VM yields once the hook returns.</summary>
    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int lua_yieldk(IntPtr luaState, int results, IntPtr context, IntPtr continuation);
}
