namespace Hawser.Cli.Commands;

/// <summary>
/// A command's private scratch space under the system's temporary directory (<c>hawser-PURPOSE-PID</c>), removed when the
/// command ends; a directory that is already gone or still busy is left to the system.
/// </summary>
internal sealed class ScratchDirectory(string purpose) : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"hawser-{purpose}-{Environment.ProcessId}");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was written.
        }
        catch (IOException)
        {
            // Still in use; the system cleans its temporary directory.
        }
    }
}
