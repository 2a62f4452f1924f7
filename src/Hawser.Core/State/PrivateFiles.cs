namespace Hawser.State;

/// <summary>
/// Hawser's data directory holds operation history, render caches (Secrets included) and Git caches: it and the files
/// Hawser writes in it are readable by their owner only (directories 0700, files 0600 on Unix).
/// </summary>
public static class PrivateFiles
{
    /// <summary>Owner read, write and search.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Owner read and write.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> (and missing parents) as a private directory, or makes an existing one private.</summary>
    /// <exception cref="IOException"><paramref name="path"/> exists and is not a directory; the message says so.</exception>
    public static void CreateDirectory(string path)
    {
        if (File.Exists(path)) throw new IOException($"{path} is a file, not a directory");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        if (!Directory.Exists(path)) Directory.CreateDirectory(path, DirectoryMode);
        else if ((File.GetUnixFileMode(path) & ~DirectoryMode) != 0) File.SetUnixFileMode(path, DirectoryMode);
    }

    /// <summary>Creates an empty private file unless it exists, or makes an existing one private.</summary>
    public static void EnsureFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            if (!File.Exists(path)) File.WriteAllBytes(path, []);
            return;
        }
        if (!File.Exists(path))
        {
            using var created = new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode });
            return;
        }
        if ((File.GetUnixFileMode(path) & ~FileMode) != 0) File.SetUnixFileMode(path, FileMode);
    }

    /// <summary>Writes <paramref name="text"/> to a new private file (replacing one of that name).</summary>
    public static void WriteAllText(string path, string text)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
