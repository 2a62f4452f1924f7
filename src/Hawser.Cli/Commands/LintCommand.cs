using System.CommandLine;
using System.Reflection;
using Hawser.Apps;
using Hawser.AppSets;
using Hawser.Lint;
using Hawser.Manifests;
using Hawser.Rendering;
using Hawser.Settings;
using Hawser.Sources;

namespace Hawser.Cli.Commands;

/// <summary>
/// <c>hawser lint [PATH]</c>: finds every app of a config repo (root Applications in its files, app-of-apps children,
/// ApplicationSet-generated apps), renders each without a cluster, and reports what the rules of <see cref="Linter"/> find,
/// as text, JSON or SARIF 2.1.0. Without <c>--revision</c> the work tree is read as it is (what a pre-commit hook sees); with
/// one, that commit (renders are then cached by commit). Exit codes: 0 no error (warnings allowed), 1 errors, 2 usage.
/// </summary>
internal static class LintCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "The config repo's root directory (default: the current directory).", DefaultValueFactory = _ => "." };
        var revision = new Option<string?>("--revision") { Description = "Lint this branch, tag or commit instead of the work tree as it is." };
        var kubeVersion = new Option<string?>("--kube-version") { Description = "The target Kubernetes version for the API deprecation rules, e.g. 1.29 (default: kubeVersion of .hawser-lint.yaml)." };
        var output = new Option<string>("--output", "-o") { Description = "text (default), json or sarif (SARIF 2.1.0).", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json", "sarif");
        var repoUrls = new Option<string[]>("--repo-url") { Description = "A URL Applications use for this repository, besides its Git remotes (repeatable)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory for Git mirrors, charts and the render cache. Default: $HAWSER_DATA_DIR or ~/.hawser." };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not use the on-disk render cache." };
        var plugins = PluginsOption.Create();
        var settingsOptions = new SettingsOptions();
        var command = new Command("lint", "Check every app of a config repo without a cluster: renders, ownership conflicts, projects, API versions, pinning, conventions.")
        {
            path, revision, kubeVersion, output, repoUrls, dataDir, noCache, plugins,
        };
        settingsOptions.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) => await RunAsync(new LintRequest(
            parsed.GetValue(path) ?? ".", parsed.GetValue(revision), parsed.GetValue(kubeVersion), parsed.GetValue(output) ?? "text",
            parsed.GetValue(repoUrls) ?? [], parsed.GetValue(dataDir), parsed.GetValue(noCache), parsed.GetValue(plugins),
            parsed.GetValue(settingsOptions.Directory), parsed.GetValue(settingsOptions.AllowExec)), cancellationToken));
        return command;
    }

    private sealed record LintRequest(
        string Path, string? Revision, string? KubeVersion, string Output, string[] RepoUrls, string? DataDir, bool NoCache, string? Plugins,
        string? SettingsDirectory, bool SettingsAllowExec);

    private static async Task<int> RunAsync(LintRequest request, CancellationToken cancellationToken)
    {
        using var scratch = new ScratchDirectory("lint");
        try
        {
            if (!Directory.Exists(request.Path)) return await UsageAsync($"{System.IO.Path.GetFullPath(request.Path)}: no such directory");
            var config = await LintConfig.LoadAsync(request.Path, cancellationToken);
            KubeVersion? kube;
            try { kube = request.KubeVersion is { } v ? KubeVersion.Parse(v) : config.KubeVersion; }
            catch (FormatException e) { return await UsageAsync($"--kube-version: {e.Message}"); }
            var settings = await SettingsOptions.LoadAsync(request.SettingsDirectory, request.SettingsAllowExec, cancellationToken);
            var repo = await ConfigRepo.OpenAsync(request.Path, request.Revision, [.. config.RepoUrls, .. request.RepoUrls], cancellationToken);

            var data = request.DataDir ?? AppEnvironment.DefaultDataDirectory;
            var buildOptions = settings.Config.Kustomize.BuildOptions;
            var renderer = new AppRenderer(
                new AppRendererOptions(scratch.Path)
                {
                    RepositoryPins = repo.Pins,
                    KustomizeBuildOptions = buildOptions,
                    AllowedKustomizeBuildOptions = buildOptions,
                    Credentials = settings.Repositories.CredentialsFor,
                    PluginsPath = request.Plugins,
                    KubeVersion = kube is { } k ? $"{k.Major}.{k.Minor}" : null,
                },
                new GitSource(new GitSourceOptions(System.IO.Path.Combine(data, "sources", "git"))),
                new HelmChartSource(new HelmChartSourceOptions(System.IO.Path.Combine(data, "sources", "charts"))),
                request.NoCache ? null : new RenderCache(directory: System.IO.Path.Combine(data, "render-cache")));
            if (!await PluginsOption.CheckAsync(renderer)) return ExitCodes.Error;

            var generator = new ApplicationSetGenerator(renderer);
            var inventory = await new ConfigRepoApps(renderer, generator, AppSetCluster.From(settings.Clusters)).DiscoverAsync(repo, cancellationToken);
            var pins = repo.Pins;
            var findings = await Linter.RunAsync(new LintInput(inventory, url => pins.Keys.Any(p => SameRepo(p, url)), kube), config, cancellationToken);
            await WriteAsync(findings, config, repo, inventory, request.Output, cancellationToken);
            return findings.Any(f => f.Severity == LintSeverity.Error) ? ExitCodes.Error : ExitCodes.Ok;
        }
        catch (Exception e) when (e is ConfigRepoException or LintConfigException or SettingsException or ManifestException or IOException or UnauthorizedAccessException or Sources.SourceException or RenderException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Error;
        }
    }

    private static async Task WriteAsync(IReadOnlyList<LintFinding> findings, LintConfig config, ConfigRepo repo, ConfigRepoInventory inventory, string output, CancellationToken cancellationToken)
    {
        switch (output)
        {
            case "json":
                await Console.Out.WriteAsync(LintReport.Json(findings));
                break;
            case "sarif":
                var version = typeof(LintCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
                await Console.Out.WriteAsync(LintReport.Sarif(findings, config, repo.Directory, version.Split('+')[0]));
                break;
            default:
                foreach (var finding in findings) await Console.Out.WriteLineAsync(finding.ToString());
                var errors = findings.Count(f => f.Severity == LintSeverity.Error);
                var warnings = findings.Count(f => f.Severity == LintSeverity.Warning);
                await Console.Out.WriteLineAsync($"{inventory.Apps.Count} apps in {repo.Describe()}: {errors} error(s), {warnings} warning(s)");
                break;
        }
        await Console.Out.FlushAsync(cancellationToken);
    }

    private static bool SameRepo(string a, string b)
    {
        static string Normalize(string url)
        {
            var u = url.Trim().TrimEnd('/');
            return u.EndsWith(".git", StringComparison.Ordinal) ? u[..^4] : u;
        }
        return Normalize(a) == Normalize(b);
    }

    private static async Task<int> UsageAsync(string message)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        await Console.Error.WriteLineAsync("Run 'hawser lint --help' for usage.");
        return ExitCodes.Usage;
    }
}
