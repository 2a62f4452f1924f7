namespace Hawser.Server.Hosting;

/// <summary>The server's data directory: created if missing, readable by its owner only (it holds state and tokens).</summary>
internal static class DataDirectory
{
    public static void Prepare(string path)
    {
        if (File.Exists(path)) throw new IOException($"--data-dir {path} is a file; give a directory");
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
