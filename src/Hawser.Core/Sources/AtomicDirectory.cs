namespace Hawser.Sources;

/// <summary>
/// Publishes a fully written directory under its final name with one rename, so readers see either nothing or the
/// whole thing, even if the writer crashes half-way.
/// </summary>
internal static class AtomicDirectory
{
    /// <summary>A fresh temp directory beside <paramref name="finalPath"/> (same filesystem, so the rename is atomic).</summary>
    public static string CreateStaging(string finalPath)
    {
        var parent = Path.GetDirectoryName(finalPath)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".tmp-{Path.GetFileName(finalPath)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        return staging;
    }

    /// <summary>
    /// Renames <paramref name="staging"/> to <paramref name="finalPath"/>. When another writer got there first the
    /// staging copy is dropped and theirs is kept (both hold the same content).
    /// </summary>
    public static void Publish(string staging, string finalPath)
    {
        try
        {
            Directory.Move(staging, finalPath);
        }
        catch (IOException) when (Directory.Exists(finalPath))
        {
            TryDelete(staging);
        }
    }

    /// <summary>
    /// Deletes staging directories (and files) under <paramref name="parent"/> left by writers that crashed: those not
    /// touched for <paramref name="olderThan"/>, so a writer still at work keeps its own.
    /// </summary>
    public static void SweepStale(string parent, TimeSpan olderThan, DateTimeOffset now)
    {
        if (!Directory.Exists(parent)) return;
        foreach (var entry in Directory.EnumerateFileSystemEntries(parent, ".tmp-*"))
        {
            if (now - File.GetLastWriteTimeUtc(entry) < olderThan) continue;
            if (Directory.Exists(entry)) TryDelete(entry);
            else
            {
                try { File.Delete(entry); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
    }

    /// <summary>Deletes a directory tree, ignoring one that is already gone.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
