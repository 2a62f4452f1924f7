using Hawser.Processes;

namespace Hawser.Rendering;

/// <summary>
/// The rendering tools and their versions: <c>helm</c>, <c>kustomize build</c> when a standalone kustomize is on PATH,
/// else <c>kubectl kustomize</c>, and <c>jsonnet</c>. Versions are asked once (they are part of every cache key).
/// Helm runs with private config, cache and data directories so it never reads or writes the user's repositories.
/// </summary>
internal sealed class ToolSet
{
    private readonly IToolRunner _runner;
    private readonly SemaphoreSlim _versionLock = new(1, 1);
    private string? _versions;

    public ToolSet(IToolRunner runner, string helmPath, string? kustomizePath, string kubectlPath, string jsonnetPath, string helmHome, TimeSpan timeout)
    {
        _runner = runner;
        HelmPath = helmPath;
        JsonnetPath = jsonnetPath;
        KustomizePath = kustomizePath;
        KubectlPath = kubectlPath;
        Timeout = timeout;
        HelmEnvironment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HELM_CONFIG_HOME"] = Path.Combine(helmHome, "config"),
            ["HELM_CACHE_HOME"] = Path.Combine(helmHome, "cache"),
            ["HELM_DATA_HOME"] = Path.Combine(helmHome, "data"),
        };
    }

    public string HelmPath { get; }

    public string? KustomizePath { get; }

    public string KubectlPath { get; }

    public string JsonnetPath { get; }

    public TimeSpan Timeout { get; }

    public IReadOnlyDictionary<string, string?> HelmEnvironment { get; }

    /// <summary>Finds kustomize on PATH (null when only kubectl's built-in one is available).</summary>
    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public Task<ProcessResult> RunAsync(
        string tool, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken, bool helmEnvironment = false, IReadOnlyDictionary<string, string?>? environment = null) =>
        _runner.RunAsync(new ProcessSpec(tool, arguments, workingDirectory, Timeout, helmEnvironment ? HelmEnvironment : environment), cancellationToken);

    /// <summary>Runs a fully specified process (config management plugins set their own environment and timeout).</summary>
    public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken) => _runner.RunAsync(spec, cancellationToken);

    /// <summary>The command line that builds <paramref name="directory"/> with kustomize.</summary>
    public (string Tool, List<string> Arguments) KustomizeBuild(string directory, IReadOnlyList<string> options)
    {
        var arguments = KustomizePath is null ? new List<string> { "kustomize", directory } : ["build", directory];
        arguments.AddRange(options);
        return (KustomizePath ?? KubectlPath, arguments);
    }

    /// <summary>The tool versions, e.g. <c>helm v3.17.2+gcc0bbbd; kustomize v5.5.0</c>; asked once.</summary>
    public async Task<string> VersionsAsync(CancellationToken cancellationToken)
    {
        if (_versions is not null) return _versions;
        await _versionLock.WaitAsync(cancellationToken);
        try
        {
            if (_versions is not null) return _versions;
            var helm = await TryVersionAsync(HelmPath, ["version", "--short"], cancellationToken);
            var kustomize = KustomizePath is null
                ? await TryVersionAsync(KubectlPath, ["version", "--client"], cancellationToken)
                : await TryVersionAsync(KustomizePath, ["version"], cancellationToken);
            var jsonnet = await TryVersionAsync(JsonnetPath, ["--version"], cancellationToken);
            _versions = $"helm {helm}; kustomize {kustomize}; jsonnet {jsonnet}";
            return _versions;
        }
        finally
        {
            _versionLock.Release();
        }
    }

    private async Task<string> TryVersionAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _runner.RunAsync(new ProcessSpec(tool, arguments, null, Timeout, HelmEnvironment), cancellationToken);
            return result.StandardOutput.Trim().ReplaceLineEndings(" ");
        }
        catch (ToolException)
        {
            return "unavailable";
        }
    }

    /// <summary>Non-empty stderr lines: the tool's warnings.</summary>
    public static IEnumerable<string> WarningLines(ProcessResult result) =>
        result.StandardError.Split('\n').Select(l => l.TrimEnd('\r').Trim()).Where(l => l.Length > 0);
}
