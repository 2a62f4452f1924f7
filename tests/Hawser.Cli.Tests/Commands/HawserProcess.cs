using Hawser.Processes;

namespace Hawser.Cli.Tests.Commands;

/// <summary>Runs the built <c>hawser</c> command as a real process (so console output and exit codes are the user's).</summary>
internal static class HawserProcess
{
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hawser.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Hawser.slnx not found above the test directory");
        }
    }

    public static Task<ProcessResult> RunAsync(string dataDir, params string[] arguments)
    {
        var args = new List<string> { Path.Combine(AppContext.BaseDirectory, "hawser.dll") };
        args.AddRange(arguments);
        return ProcessRunner.RunAsync(
            new ProcessSpec("dotnet", args, RepositoryRoot, TimeSpan.FromMinutes(2), new Dictionary<string, string?> { ["HAWSER_DATA_DIR"] = dataDir }),
            CancellationToken.None);
    }
}
