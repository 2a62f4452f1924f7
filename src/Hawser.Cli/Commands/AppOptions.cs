using System.CommandLine;

namespace Hawser.Cli.Commands;

/// <summary>The options every <c>app</c> verb shares, declared once.</summary>
internal sealed class AppOptions
{
    public Option<FileInfo?> File { get; } = new("--file", "-f") { Description = "A file holding the Application (Argo CD format)." };
    public Option<string?> Name { get; } = new("--app") { Description = "Which Application of the file, when it holds several." };
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig") { Description = "The kubeconfig file (default: KUBECONFIG or ~/.kube/config)." };
    public Option<string?> Context { get; } = new("--context") { Description = "The kubeconfig context for the in-cluster destination (default: current context)." };
    public Option<bool> Sandbox { get; } = new("--sandbox") { Description = "Target the running sandbox ('hawser sandbox start') as the in-cluster destination." };
    public Option<string?> SandboxDirectory { get; } = new("--sandbox-dir") { Description = "The sandbox's data directory (default: ~/.hawser/sandbox)." };
    public Option<string?> DataDirectory { get; } = new("--data-dir") { Description = "Hawser's data directory: state, history, caches (default: $HAWSER_DATA_DIR or ~/.hawser)." };
    public Option<string[]> RepoOverrides { get; } = new("--repo-override") { Description = "Render a repoURL from a local directory: URL=PATH (repeatable).", AllowMultipleArgumentsPerToken = false };
    public Option<string?> HealthChecks { get; } = new("--health-checks") { Description = "A YAML file of custom Lua health checks (argocd-cm resource.customizations.health.* keys)." };
    public Option<double> Qps { get; } = new("--qps") { Description = "Client-side limit on API requests per second (0: none).", DefaultValueFactory = _ => 1000 };
    public Option<int> Burst { get; } = new("--burst") { Description = "API requests allowed at once before --qps applies.", DefaultValueFactory = _ => 2000 };
    public Option<string[]> AllowBuildOptions { get; } = new("--allow-kustomize-build-option")
    {
        Description = "Let apps use a kustomize build option that relaxes loading, e.g. \"--load-restrictor LoadRestrictionsNone\" (repeatable; loading stays inside the repository).",
        AllowMultipleArgumentsPerToken = false,
    };
    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Log what Hawser does (to stderr)." };
    public SettingsOptions Settings { get; } = new();

    /// <summary>Adds the shared options to <paramref name="command"/>.</summary>
    public void AddTo(Command command, bool withFile = true)
    {
        if (withFile)
        {
            command.Options.Add(File);
            command.Options.Add(Name);
        }
        foreach (var option in new Option[] { Kubeconfig, Context, Sandbox, SandboxDirectory, DataDirectory, RepoOverrides, HealthChecks, Qps, Burst, AllowBuildOptions, Verbose })
            command.Options.Add(option);
        Settings.AddTo(command);
    }

    /// <summary>The parsed values.</summary>
    public Values Read(ParseResult parsed)
    {
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in parsed.GetValue(RepoOverrides) ?? [])
        {
            var eq = entry.LastIndexOf('=');
            if (eq <= 0 || eq == entry.Length - 1) throw new UsageException($"--repo-override '{entry}' must have the form URL=PATH");
            overrides[entry[..eq]] = entry[(eq + 1)..];
        }
        var allowed = new List<string>();
        foreach (var entry in parsed.GetValue(AllowBuildOptions) ?? [])
        {
            try { allowed.AddRange(Apps.KustomizeBuildOptions.Parse(entry)); }
            catch (FormatException e) { throw new UsageException($"--allow-kustomize-build-option: {e.Message}"); }
        }
        if (parsed.GetValue(Qps) < 0) throw new UsageException($"--qps must be 0 (no limit) or more, not {parsed.GetValue(Qps)}");
        if (parsed.GetValue(Burst) < 1) throw new UsageException($"--burst must be 1 or more, not {parsed.GetValue(Burst)}");
        return new Values(parsed.GetValue(File), parsed.GetValue(Name), parsed.GetValue(Kubeconfig), parsed.GetValue(Context), parsed.GetValue(Sandbox),
            parsed.GetValue(SandboxDirectory), parsed.GetValue(DataDirectory), overrides, parsed.GetValue(HealthChecks), parsed.GetValue(Qps), parsed.GetValue(Burst), parsed.GetValue(Verbose))
        {
            SettingsDirectory = parsed.GetValue(Settings.Directory),
            SettingsAllowExec = parsed.GetValue(Settings.AllowExec),
            AllowedKustomizeBuildOptions = allowed,
        };
    }

    public sealed record Values(
        FileInfo? File,
        string? AppName,
        string? Kubeconfig,
        string? Context,
        bool Sandbox,
        string? SandboxDirectory,
        string? DataDirectory,
        IReadOnlyDictionary<string, string> RepositoryOverrides,
        string? HealthChecksFile,
        double Qps,
        int Burst,
        bool Verbose)
    {
        /// <summary><c>--settings DIR</c>, or null.</summary>
        public string? SettingsDirectory { get; init; }

        /// <summary><c>--settings-allow-exec</c>.</summary>
        public bool SettingsAllowExec { get; init; }

        /// <summary><c>--allow-kustomize-build-option</c>, parsed into arguments.</summary>
        public IReadOnlyList<string> AllowedKustomizeBuildOptions { get; init; } = [];
    }
}

/// <summary>The command line is wrong (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
