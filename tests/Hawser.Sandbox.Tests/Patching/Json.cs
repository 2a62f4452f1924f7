using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Tests.Patching;

/// <summary>Small helpers to write JSON in tests with single quotes and compare it structurally.</summary>
internal static class Json
{
    public static JsonObject Obj(string json) => (JsonObject)JsonNode.Parse(json.Replace('\'', '"'))!;

    public static string Text(string json) => json.Replace('\'', '"');

    public static void Equal(string expected, JsonNode? actual)
    {
        var want = JsonNode.Parse(Text(expected));
        Assert.True(JsonNode.DeepEquals(want, actual), $"expected {want?.ToJsonString()}\n  actual {actual?.ToJsonString()}");
    }
}
