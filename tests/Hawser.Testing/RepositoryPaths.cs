namespace Hawser.Testing;

/// <summary>Paths inside this repository's checkout, found from the running test or benchmark assembly.</summary>
public static class RepositoryPaths
{
    /// <summary>The checkout's root: the first folder above the assembly that holds <c>Hawser.slnx</c>.</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hawser.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Hawser.slnx not found above the test directory");
        }
    }
}
