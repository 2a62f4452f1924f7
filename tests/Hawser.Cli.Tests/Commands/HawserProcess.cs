using Hawser.Processes;
using Hawser.Testing;

namespace Hawser.Cli.Tests.Commands;

/// <summary>Runs the built <c>hawser</c> command as a real process (so console output and exit codes are the user's).</summary>
internal static class HawserProcess
{
    public static Task<ProcessResult> RunAsync(string dataDir, params string[] arguments) =>
        RunWithEnvironmentAsync(dataDir, new Dictionary<string, string?>(), arguments);

    /// <summary>Runs hawser with extra environment variables (credentials, DOCKER_CONFIG...).</summary>
    public static Task<ProcessResult> RunWithEnvironmentAsync(string dataDir, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var args = new List<string> { Path.Combine(AppContext.BaseDirectory, "hawser.dll") };
        args.AddRange(arguments);
        var variables = new Dictionary<string, string?>(environment) { ["HAWSER_DATA_DIR"] = dataDir };
        // The user's own client configuration (hawser login) is never read: a test that logs in names its own.
        variables.TryAdd("HAWSER_CONFIG", Path.Combine(dataDir, "client-config"));
        variables.TryAdd("HAWSER_SERVER", null);
        variables.TryAdd("HAWSER_AUTH_TOKEN", null);
        return ProcessRunner.RunAsync(new ProcessSpec("dotnet", args, RepositoryPaths.Root, TimeSpan.FromMinutes(2), variables), CancellationToken.None);
    }
}
