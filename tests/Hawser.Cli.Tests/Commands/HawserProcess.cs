using Hawser.Processes;
using Hawser.Testing;

namespace Hawser.Cli.Tests.Commands;

/// <summary>Runs the built <c>hawser</c> command as a real process (so console output and exit codes are the user's).</summary>
internal static class HawserProcess
{
    public static Task<ProcessResult> RunAsync(string dataDir, params string[] arguments)
    {
        var args = new List<string> { Path.Combine(AppContext.BaseDirectory, "hawser.dll") };
        args.AddRange(arguments);
        return ProcessRunner.RunAsync(
            new ProcessSpec("dotnet", args, RepositoryPaths.Root, TimeSpan.FromMinutes(2), new Dictionary<string, string?> { ["HAWSER_DATA_DIR"] = dataDir }),
            CancellationToken.None);
    }
}
