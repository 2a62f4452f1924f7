using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Http;

/// <summary>
/// <c>/version</c>. The kubectl dispatcher on these machines runs <c>kubectl.1.&lt;minor&gt;</c> for the minor reported here;
/// 33 maps to a real binary (v1.33), so that is what the sandbox reports.
/// </summary>
internal static class VersionInfo
{
    public const string Minor = "33";

    public static JsonObject Document() => new()
    {
        ["major"] = "1",
        ["minor"] = Minor,
        ["gitVersion"] = "v1.33.0-hawser-sandbox",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-04-23T00:00:00Z",
        ["goVersion"] = "go1.24.2",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };
}
