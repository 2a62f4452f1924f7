using System.CommandLine;
using System.Globalization;
using Hawser.Apps;
using Hawser.AppSets;
using Hawser.Manifests;
using Hawser.Preview;
using Hawser.Rendering;
using Hawser.Settings;
using Hawser.Sources;

namespace Hawser.Cli.Commands;

/// <summary>
/// <c>hawser preview --base REV --head REV [PATH]</c>: what a change to a config repo does to the rendered objects of every app,
/// without a cluster: apps added, removed and changed, with the per-object diff (Secret values masked), as text (coloured on a
/// terminal), JSON or Markdown for a pull-request comment. Both revisions are rendered with one render cache keyed by content,
/// so an app whose inputs did not change is rendered once. Exit codes: 0 no change, 3 changes, 1 error, 2 usage.
/// </summary>
internal static class PreviewCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "The config repo's root directory (a Git repository).", DefaultValueFactory = _ => "." };
        var baseRevision = new Option<string>("--base") { Description = "The revision before the change: a branch, tag or commit (e.g. origin/main).", Required = true };
        var headRevision = new Option<string>("--head") { Description = "The revision with the change (default: HEAD).", DefaultValueFactory = _ => "HEAD" };
        var output = new Option<string>("--output", "-o") { Description = "text (default), json, or markdown (a pull-request comment).", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json", "markdown");
        var maxSize = new Option<int>("--max-size") { Description = "Markdown only: the most characters to print (GitHub comments hold 65,536).", DefaultValueFactory = _ => MarkdownPreview.DefaultMaxCharacters };
        var repoUrls = new Option<string[]>("--repo-url") { Description = "A URL Applications use for this repository, besides its Git remotes (repeatable)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory for Git mirrors, charts and the render cache. Default: $HAWSER_DATA_DIR or ~/.hawser." };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not use the on-disk render cache (the two revisions still share one in memory)." };
        var allowBuildOptions = new Option<string[]>("--allow-kustomize-build-option")
        {
            Description = "Let apps use a kustomize build option that relaxes loading, e.g. \"--load-restrictor LoadRestrictionsNone\" (repeatable; default: kustomize.buildOptions of --settings).",
            AllowMultipleArgumentsPerToken = false,
        };
        var plugins = PluginsOption.Create();
        var settingsOptions = new SettingsOptions();
        var command = new Command("preview", "Show what a change to a config repo does to every app's rendered objects (no cluster needed).")
        {
            path, baseRevision, headRevision, output, maxSize, repoUrls, dataDir, noCache, allowBuildOptions, plugins,
        };
        settingsOptions.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) => await RunAsync(new PreviewRequest(
            parsed.GetValue(path) ?? ".", parsed.GetValue(baseRevision)!, parsed.GetValue(headRevision) ?? "HEAD", parsed.GetValue(output) ?? "text",
            parsed.GetValue(maxSize), parsed.GetValue(repoUrls) ?? [], parsed.GetValue(dataDir), parsed.GetValue(noCache), parsed.GetValue(allowBuildOptions) ?? [], parsed.GetValue(plugins),
            parsed.GetValue(settingsOptions.Directory), parsed.GetValue(settingsOptions.AllowExec)), cancellationToken));
        return command;
    }

    private sealed record PreviewRequest(
        string Path, string Base, string Head, string Output, int MaxSize, string[] RepoUrls, string? DataDir, bool NoCache, string[] AllowBuildOptions, string? Plugins,
        string? SettingsDirectory, bool SettingsAllowExec);

    private static async Task<int> RunAsync(PreviewRequest request, CancellationToken cancellationToken)
    {
        if (request.MaxSize < 2_000) return await UsageAsync($"--max-size {request.MaxSize.ToString(CultureInfo.InvariantCulture)}: give at least 2000 characters");
        if (!Directory.Exists(request.Path)) return await UsageAsync($"{System.IO.Path.GetFullPath(request.Path)}: no such directory");
        var allowed = new List<string>();
        foreach (var entry in request.AllowBuildOptions)
        {
            try { allowed.AddRange(KustomizeBuildOptions.Parse(entry)); }
            catch (FormatException e) { return await UsageAsync($"--allow-kustomize-build-option: {e.Message}"); }
        }
        using var scratch = new ScratchDirectory("preview");
        try
        {
            var settings = await SettingsOptions.LoadAsync(request.SettingsDirectory, request.SettingsAllowExec, cancellationToken);
            var baseRepo = await ConfigRepo.OpenAsync(request.Path, request.Base, request.RepoUrls, cancellationToken);
            var headRepo = await ConfigRepo.OpenAsync(request.Path, request.Head, request.RepoUrls, cancellationToken);

            var data = request.DataDir ?? AppEnvironment.DefaultDataDirectory;
            var git = new GitSource(new GitSourceOptions(System.IO.Path.Combine(data, "sources", "git")));
            var charts = new HelmChartSource(new HelmChartSourceOptions(System.IO.Path.Combine(data, "sources", "charts")));
            // One cache for both revisions, keyed by what each app reads: the head's unchanged apps are hits.
            var cache = new RenderCache(directory: request.NoCache ? null : System.IO.Path.Combine(data, "render-cache"));
            var buildOptions = settings.Config.Kustomize.BuildOptions;
            var clusters = AppSetCluster.From(settings.Clusters);
            AppRenderer Renderer(ConfigRepo repo, string name) => new(
                new AppRendererOptions(System.IO.Path.Combine(scratch.Path, name))
                {
                    RepositoryPins = repo.Pins,
                    KeyByContent = true,
                    KustomizeBuildOptions = buildOptions,
                    AllowedKustomizeBuildOptions = [.. buildOptions, .. allowed],
                    Credentials = settings.Repositories.CredentialsFor,
                    PluginsPath = request.Plugins,
                },
                git, charts, cache);
            var baseRenderer = Renderer(baseRepo, "base");
            var headRenderer = Renderer(headRepo, "head");
            if (!await PluginsOption.CheckAsync(baseRenderer)) return ExitCodes.Error;
            var report = await ConfigRepoPreview.RunAsync(
                (baseRepo, new ConfigRepoApps(baseRenderer, new ApplicationSetGenerator(baseRenderer), clusters)),
                (headRepo, new ConfigRepoApps(headRenderer, new ApplicationSetGenerator(headRenderer), clusters)),
                cancellationToken);
            await WriteAsync(report, request, cancellationToken);
            return report.Errors.Count > 0 ? ExitCodes.Error : report.HasChanges ? ExitCodes.OutOfSyncOrUnhealthy : ExitCodes.Ok;
        }
        catch (Exception e) when (e is ConfigRepoException or SettingsException or ManifestException or IOException or UnauthorizedAccessException or SourceException or RenderException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Error;
        }
    }

    private static async Task WriteAsync(PreviewReport report, PreviewRequest request, CancellationToken cancellationToken)
    {
        switch (request.Output)
        {
            case "json":
                await Console.Out.WriteLineAsync(JsonPreview.ToJson(report).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                break;
            case "markdown":
                await Console.Out.WriteAsync(MarkdownPreview.Write(report, request.MaxSize));
                break;
            default:
                var colour = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
                TextPreview.Write(report, Console.Out, colour);
                break;
        }
        await Console.Out.FlushAsync(cancellationToken);
    }

    private static async Task<int> UsageAsync(string message)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        await Console.Error.WriteLineAsync("Run 'hawser preview --help' for usage.");
        return ExitCodes.Usage;
    }
}
