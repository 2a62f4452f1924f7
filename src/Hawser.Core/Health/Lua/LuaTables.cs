using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Health.Lua;

/// <summary>Converts between JSON and Lua values: objects and arrays become tables (arrays 1-based), integers stay integers.</summary>
internal static class LuaTables
{
    /// <summary>Pushes <paramref name="node"/> onto the stack of <paramref name="lua"/>.</summary>
    public static void Push(KeraLua.Lua lua, JsonNode? node)
    {
        if (!lua.CheckStack(3)) throw new InvalidOperationException("object is nested too deeply for the Lua stack");
        switch (node)
        {
            case null:
                lua.PushNil();
                break;
            case JsonObject obj:
                lua.CreateTable(0, obj.Count);
                foreach (var (key, value) in obj)
                {
                    if (value is null) continue;
                    lua.PushString(key);
                    Push(lua, value);
                    lua.RawSet(-3);
                }
                break;
            case JsonArray array:
                lua.CreateTable(array.Count, 0);
                for (var i = 0; i < array.Count; i++)
                {
                    Push(lua, array[i]);
                    lua.RawSetInteger(-2, i + 1);
                }
                break;
            case JsonValue value:
                PushValue(lua, value);
                break;
        }
    }

    private static void PushValue(KeraLua.Lua lua, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                lua.PushString(value.GetValue<string>());
                break;
            case JsonValueKind.True:
                lua.PushBoolean(true);
                break;
            case JsonValueKind.False:
                lua.PushBoolean(false);
                break;
            case JsonValueKind.Number:
                if (value.TryGetValue<long>(out var integer)) lua.PushInteger(integer);
                else if (value.TryGetValue<int>(out var small)) lua.PushInteger(small);
                else lua.PushNumber(value.GetValue<double>());
                break;
            default:
                lua.PushNil();
                break;
        }
    }
}
