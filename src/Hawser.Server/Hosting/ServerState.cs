using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Server.Hosting;

/// <summary>
/// The file a running server leaves in its data directory (<c>server.json</c>, readable by its owner only): its process id,
/// its URL and a local token, so the <c>hawser</c> CLI on the same machine, with the same data directory, can find and
/// call it without logging in (as <c>argocd --core</c> works on the machine that runs Argo CD).
/// </summary>
/// <param name="Pid">The server's process id.</param>
/// <param name="Url">Its base URL.</param>
/// <param name="LocalToken">A random bearer token accepted from local clients, new at every start.</param>
public sealed record ServerState(int Pid, string Url, string LocalToken)
{
    /// <summary>The file name in the data directory.</summary>
    public const string FileName = "server.json";

    /// <summary>A new local token.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>Writes the file (owner read/write only).</summary>
    public void Write(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, new JsonObject { ["pid"] = Pid, ["url"] = Url, ["token"] = LocalToken }.ToJsonString());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The running server of a data directory, or null when none runs (a stale file of a dead process is ignored).</summary>
    public static ServerState? Read(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject json) return null;
            var state = new ServerState(json["pid"]!.GetValue<int>(), json["url"]!.GetValue<string>(), json["token"]!.GetValue<string>());
            return IsAlive(state.Pid) ? state : null;
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidOperationException or NullReferenceException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Removes the file if it is this process's.</summary>
    public static void Remove(string dataDirectory, int pid)
    {
        var path = Path.Combine(dataDirectory, FileName);
        try
        {
            if (File.Exists(path) && JsonNode.Parse(File.ReadAllText(path))?["pid"]?.GetValue<int>() == pid) File.Delete(path);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // Nothing to clean up then.
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
