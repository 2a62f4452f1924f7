using Hawser.Processes;
using Hawser.Testing;

namespace Hawser.Cli.Tests.Commands;

/// <summary>
/// Runs the built <c>hawser</c> command as a real process (so console output and exit codes are the user's): by default
/// <c>dotnet hawser.dll</c> from the test's output directory. When the environment variable <c>HAWSER_TEST_CLI</c> holds
/// the path of a native <c>hawser</c> executable (the NativeAOT build that is shipped), that executable is run instead, so
/// the whole project can be run against it:
/// <c>HAWSER_TEST_CLI=/path/to/hawser dotnet test tests/Hawser.Cli.Tests -c Release --no-build</c>.
/// </summary>
internal static class HawserProcess
{
    /// <summary>The environment variable naming a native hawser executable to test instead of <c>dotnet hawser.dll</c>.</summary>
    public const string CliVariable = "HAWSER_TEST_CLI";

    public static Task<ProcessResult> RunAsync(string dataDir, params string[] arguments) =>
        RunWithEnvironmentAsync(dataDir, new Dictionary<string, string?>(), arguments);

    /// <summary>Runs hawser with extra environment variables (credentials, DOCKER_CONFIG...).</summary>
    public static Task<ProcessResult> RunWithEnvironmentAsync(string dataDir, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var (program, args) = Command();
        args.AddRange(arguments);
        var variables = new Dictionary<string, string?>(environment) { ["HAWSER_DATA_DIR"] = dataDir };
        // The user's own client configuration (hawser login) is never read: a test that logs in names its own.
        variables.TryAdd("HAWSER_CONFIG", Path.Combine(dataDir, "client-config"));
        variables.TryAdd("HAWSER_SERVER", null);
        variables.TryAdd("HAWSER_AUTH_TOKEN", null);
        variables.TryAdd(CliVariable, null);
        return ProcessRunner.RunAsync(new ProcessSpec(program, args, RepositoryPaths.Root, TimeSpan.FromMinutes(2), variables), CancellationToken.None);
    }

    /// <summary>Starts a long-running hawser (<c>hawser server</c>) in the background; disposing the process kills it.</summary>
    public static BackgroundProcess Start(string dataDir, params string[] arguments)
    {
        var (program, args) = Command();
        args.AddRange(arguments);
        return BackgroundProcess.Start(program, args, RepositoryPaths.Root,
            new Dictionary<string, string> { ["HAWSER_DATA_DIR"] = dataDir, ["HAWSER_CONFIG"] = Path.Combine(dataDir, "client-config") });
    }

    // The program and its first arguments: the native executable named by HAWSER_TEST_CLI, or dotnet with the built hawser.dll.
    private static (string Program, List<string> Arguments) Command()
    {
        if (Environment.GetEnvironmentVariable(CliVariable) is not { Length: > 0 } native) return ("dotnet", [Path.Combine(AppContext.BaseDirectory, "hawser.dll")]);
        var path = Path.GetFullPath(native);
        if (!File.Exists(path)) throw new InvalidOperationException($"{CliVariable}={native}: no such file (scripts/install.sh builds it into .hawser/bin)");
        return (path, []);
    }
}
