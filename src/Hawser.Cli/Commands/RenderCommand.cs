using System.CommandLine;
using Hawser.Apps;
using Hawser.AppSets;
using Hawser.Manifests;
using Hawser.Rendering;
using Hawser.Settings;
using Hawser.Sources;

namespace Hawser.Cli.Commands;

/// <summary>
/// <c>hawser render</c>: renders Applications to the objects they declare, without a cluster.
/// <c>-f app.yaml</c> renders every Application of the file and every Application its ApplicationSets generate (with
/// <c>--recursive</c>, also the child Applications and ApplicationSets an app-of-apps renders); <c>--repo URL|PATH --path P</c> renders one source directly. Output: multi-document YAML (default),
/// JSON (<c>-o json</c>, a <c>v1/List</c>), one file per object (<c>--output-dir</c>) or one line per app (<c>--summary</c>).
/// Warnings go to stderr. Exit codes: 0 ok, 1 render failure, 2 usage error.
/// </summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var file = new Option<string[]>("--file", "-f") { Description = "An Application or ApplicationSet manifest (YAML or JSON); every Application in it, and every one its ApplicationSets generate, is rendered.", AllowMultipleArgumentsPerToken = false };
        var repo = new Option<string?>("--repo") { Description = "A Git URL, or a local directory (a plain directory is read as it is)." };
        var path = new Option<string?>("--path") { Description = "The app directory inside the repository (default: the root)." };
        var revision = new Option<string?>("--revision") { Description = "Branch, tag or commit (default: HEAD)." };
        var values = new Option<string[]>("--values") { Description = "A Helm value file, relative to the chart directory (repeatable, in order)." };
        var set = new Option<string[]>("--set") { Description = "A Helm parameter name=value (repeatable)." };
        var release = new Option<string?>("--release") { Description = "The Helm release name (default: the app name)." };
        var ns = new Option<string?>("--namespace", "-n") { Description = "The destination namespace." };
        var name = new Option<string?>("--name") { Description = "The app name for --repo (default: the last folder of --path)." };
        var output = new Option<string>("--output", "-o") { Description = "yaml (multi-document) or json.", DefaultValueFactory = _ => "yaml" };
        output.AcceptOnlyFromAmong("yaml", "json");
        var outputDir = new Option<string?>("--output-dir") { Description = "Write one file per object, <group>_<kind>_<namespace>_<name>.yaml, into this directory." };
        var overrides = new Option<string[]>("--repo-override") { Description = "URL=PATH: read repository URL from a local directory instead of Git (repeatable)." };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Also render the child Applications (and those of child ApplicationSets) an app renders (app-of-apps)." };
        var summary = new Option<bool>("--summary") { Description = "Print one line per app (objects by kind) instead of the objects." };
        var buildOptions = new Option<string?>("--kustomize-build-options") { Description = "kustomize build options for every Kustomize source, e.g. \"--enable-helm --load-restrictor LoadRestrictionsNone\" (default: kustomize.buildOptions of --settings)." };
        var settingsOptions = new SettingsOptions();
        var noCache = new Option<bool>("--no-cache") { Description = "Do not use the on-disk render cache." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory for Git mirrors, charts and the render cache. Default: $HAWSER_DATA_DIR or ~/.hawser." };
        var plugins = PluginsOption.Create();

        var command = new Command("render", "Render Applications (Helm, Kustomize, plain YAML) to Kubernetes objects, without a cluster.")
        {
            file, repo, path, revision, values, set, release, ns, name, output, outputDir, overrides, recursive, summary, buildOptions, noCache, dataDir, plugins,
        };
        settingsOptions.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var request = new RenderRequest(
                parsed.GetValue(file) ?? [], parsed.GetValue(repo), parsed.GetValue(path), parsed.GetValue(revision), parsed.GetValue(values) ?? [],
                parsed.GetValue(set) ?? [], parsed.GetValue(release), parsed.GetValue(ns), parsed.GetValue(name), parsed.GetValue(output) ?? "yaml",
                parsed.GetValue(outputDir), parsed.GetValue(overrides) ?? [], parsed.GetValue(recursive), parsed.GetValue(summary),
                parsed.GetValue(buildOptions), parsed.GetValue(noCache), parsed.GetValue(dataDir))
            {
                SettingsDirectory = parsed.GetValue(settingsOptions.Directory),
                SettingsAllowExec = parsed.GetValue(settingsOptions.AllowExec),
                Plugins = parsed.GetValue(plugins),
            };
            return await RunAsync(request, cancellationToken);
        });
        return command;
    }

    internal sealed record RenderRequest(
        string[] Files, string? Repo, string? Path, string? Revision, string[] Values, string[] Set, string? Release, string? Namespace, string? Name,
        string Output, string? OutputDir, string[] Overrides, bool Recursive, bool Summary, string? BuildOptions, bool NoCache, string? DataDir)
    {
        /// <summary>The config management plugin definitions (<c>--plugins</c>).</summary>
        public string? Plugins { get; init; }

        public string? SettingsDirectory { get; init; }

        public bool SettingsAllowExec { get; init; }
    }

    private static async Task<int> RunAsync(RenderRequest request, CancellationToken cancellationToken)
    {
        List<Application> apps;
        IReadOnlyList<ApplicationSet> sets = [];
        Dictionary<string, string> overrides;
        HawserSettings settings;
        IReadOnlyList<string> buildOptions;
        try
        {
            RequireDirectory("--output-dir", request.OutputDir);
            RequireDirectory("--data-dir", request.DataDir);
            overrides = ParseOverrides(request.Overrides);
            settings = await SettingsOptions.LoadAsync(request.SettingsDirectory, request.SettingsAllowExec, cancellationToken);
            // --kustomize-build-options is the operator's setting for this run: it applies to -f files and --repo alike.
            try { buildOptions = request.BuildOptions is null ? settings.Config.Kustomize.BuildOptions : KustomizeBuildOptions.Parse(request.BuildOptions); }
            catch (FormatException e) { throw new UsageException($"--kustomize-build-options: {e.Message}"); }
            if (request.Files.Length > 0) (apps, sets) = await ReadFilesAsync(request, cancellationToken);
            else apps = [AppFromFlags(request)];
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            await Console.Error.WriteLineAsync("Run 'hawser render --help' for usage.");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is ManifestException or ApplicationValidationException or IOException or SettingsException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Error;
        }

        using var scratch = new ScratchDirectory("render");
        var data = request.DataDir ?? Environment.GetEnvironmentVariable("HAWSER_DATA_DIR") ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".hawser");
        var renderer = new AppRenderer(
            // The build options given on this command line are the operator's own: apps may use them.
            new AppRendererOptions(scratch.Path) { RepositoryOverrides = overrides, KustomizeBuildOptions = buildOptions, AllowedKustomizeBuildOptions = [.. AllowedBuildOptions(request), .. buildOptions], Credentials = settings.Repositories.CredentialsFor, PluginsPath = request.Plugins },
            new GitSource(new GitSourceOptions(System.IO.Path.Combine(data, "sources", "git"))),
            new HelmChartSource(new HelmChartSourceOptions(System.IO.Path.Combine(data, "sources", "charts"))),
            request.NoCache ? null : new RenderCache(directory: System.IO.Path.Combine(data, "render-cache")));
        try
        {
            if (!await PluginsOption.CheckAsync(renderer)) return ExitCodes.Error;
            var generator = new ApplicationSetGenerator(renderer);
            var failedSets = 0;
            foreach (var set in sets)
            {
                var generation = await generator.GenerateAsync(set, AppSetCluster.From(settings.Clusters), cancellationToken);
                failedSets += await AppSetOutput.ConditionsAsync(generation);
                apps.AddRange(generation.Applications.Select(a => a.Definition.Application).Where(a => apps.All(x => x.Name != a.Name)));
            }
            var rendered = await RenderAllAsync(renderer, generator, apps, request.Recursive, cancellationToken);
            var code = await RenderOutput.WriteAsync(rendered, request, cancellationToken);
            return code == ExitCodes.Ok && failedSets > 0 ? ExitCodes.Error : code;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A directory that cannot be created or written (--output-dir, --data-dir): the system's message names the path.
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Error;
        }
    }

    /// <summary>
    /// A renderer over the data directory's caches (<c>--data-dir</c>, else <c>$HAWSER_DATA_DIR</c>, else <c>~/.hawser</c>), reading
    /// the overridden repositories from local directories.
    /// </summary>
    internal static AppRenderer CreateRenderer(string? dataDir, IReadOnlyDictionary<string, string> overrides, bool noCache, string scratch)
    {
        var data = dataDir ?? Environment.GetEnvironmentVariable("HAWSER_DATA_DIR") ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".hawser");
        return new AppRenderer(
            new AppRendererOptions(scratch) { RepositoryOverrides = overrides },
            new GitSource(new GitSourceOptions(System.IO.Path.Combine(data, "sources", "git"))),
            new HelmChartSource(new HelmChartSourceOptions(System.IO.Path.Combine(data, "sources", "charts"))),
            noCache ? null : new RenderCache(directory: System.IO.Path.Combine(data, "render-cache")));
    }

    /// <summary>
    /// Renders the apps (in parallel), then, with <paramref name="recursive"/>, the child Applications they render and those their
    /// child ApplicationSets generate, level by level.
    /// </summary>
    private static async Task<List<AppRenderOutcome>> RenderAllAsync(AppRenderer renderer, ApplicationSetGenerator generator, List<Application> apps, bool recursive, CancellationToken cancellationToken)
    {
        var all = new List<AppRenderOutcome>();
        var seen = new HashSet<string>(apps.Select(a => a.Name), StringComparer.Ordinal);
        var level = apps;
        while (level.Count > 0)
        {
            var outcomes = await renderer.RenderManyAsync(level, cancellationToken);
            all.AddRange(outcomes);
            if (!recursive) break;
            var next = new List<Application>();
            foreach (var outcome in outcomes.Where(o => o.Result is not null))
            {
                var children = ApplicationReader.Read(outcome.Result!.Objects);
                foreach (var error in children.Errors) all.Add(new AppRenderOutcome(outcome.Application, null, $"child of {outcome.Application.Name}: {error}"));
                var generated = new List<Application>();
                // The children's own warnings (unsupported fields...) belong to the parent's render: keep them, and name every
                // ApplicationSet that generates nothing.
                var childWarnings = children.Warnings.Select(w => w.ToString()).ToList();
                foreach (var set in children.ApplicationSets)
                {
                    var generation = await generator.GenerateAsync(set, [], cancellationToken);
                    foreach (var condition in generation.Conditions.Where(c => c.Type == AppSetCondition.ErrorOccurred))
                        all.Add(new AppRenderOutcome(outcome.Application, null, $"child of {outcome.Application.Name}: {condition.Message}"));
                    if (generation.Applications.Count == 0) childWarnings.Add($"ApplicationSet \"{set.Name}\" generated no Applications");
                    generated.AddRange(generation.Applications.Select(a => a.Definition.Application));
                }
                if (childWarnings.Count > 0)
                {
                    var index = all.IndexOf(outcome);
                    all[index] = outcome with { Result = outcome.Result with { Warnings = [.. outcome.Result.Warnings, .. childWarnings] } };
                }
                foreach (var child in children.Applications.Concat(generated))
                {
                    if (seen.Add(child.Name)) next.Add(child);
                }
            }
            level = next;
        }
        return all;
    }

    private static async Task<(List<Application> Apps, IReadOnlyList<ApplicationSet> Sets)> ReadFilesAsync(RenderRequest request, CancellationToken cancellationToken)
    {
        if (request.Repo is not null || request.Path is not null) throw new UsageException("use either -f FILE or --repo/--path, not both");
        var objects = new List<KubeObject>();
        foreach (var f in request.Files) objects.AddRange(await ManifestReader.ReadFileAsync(f, f, cancellationToken));
        var result = ApplicationReader.Read(objects);
        foreach (var warning in result.Warnings) await Console.Error.WriteLineAsync($"warning: {warning}");
        result.ThrowIfErrors();
        if (result.Applications.Count == 0 && result.ApplicationSets.Count == 0)
            throw new UsageException($"no argoproj.io/v1alpha1 Application or ApplicationSet in {string.Join(", ", request.Files)}");
        return ([.. result.Applications], result.ApplicationSets);
    }

    private static Application AppFromFlags(RenderRequest request)
    {
        if (request.Repo is null) throw new UsageException("give an Application file (-f app.yaml) or a repository (--repo URL|PATH [--path P])");
        var path = request.Path is null or "" or "." ? null : request.Path.Trim('/');
        var name = request.Name ?? request.Release ?? (path is null ? "app" : path.Split('/')[^1]);
        var parameters = request.Set.Select(s =>
        {
            var eq = s.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new UsageException($"--set {s}: expected name=value");
            return new HelmParameter(s[..eq], s[(eq + 1)..], false);
        }).ToList();
        HelmSource? helm = request.Values.Length > 0 || parameters.Count > 0 || request.Release is not null
            ? new HelmSource(request.Release, request.Values, null, null, parameters, [], false, false, null, [], false, null, null)
            : null;
        var repo = Directory.Exists(request.Repo) ? System.IO.Path.GetFullPath(request.Repo) : request.Repo;
        var source = new ApplicationSource(repo, path ?? ".", request.Revision ?? "HEAD", null, null, helm, null, null, null);
        var metadata = new ObjectMetadata(name, "", new Dictionary<string, string>(), new Dictionary<string, string>(), []);
        var spec = new ApplicationSpec("default", [source], false, new ApplicationDestination("https://kubernetes.default.svc", null, request.Namespace ?? ""), null, [], null, []);
        return new Application(metadata, spec);
    }

    private static Dictionary<string, string> ParseOverrides(string[] overrides)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in overrides)
        {
            var eq = o.LastIndexOf('=');
            if (eq <= 0 || eq == o.Length - 1) throw new UsageException($"--repo-override {o}: expected URL=PATH");
            var dir = o[(eq + 1)..];
            if (!Directory.Exists(dir)) throw new UsageException($"--repo-override {o}: {dir} is not a directory");
            result[o[..eq]] = System.IO.Path.GetFullPath(dir);
        }
        return result;
    }

    private static IReadOnlyList<string> AllowedBuildOptions(RenderRequest request)
    {
        try { return KustomizeBuildOptions.Parse(request.BuildOptions); }
        catch (FormatException) { return []; }
    }

    private sealed class UsageException(string message) : Exception(message);

    private static void RequireDirectory(string option, string? path)
    {
        if (path is not null && File.Exists(path)) throw new UsageException($"{option}: {System.IO.Path.GetFullPath(path)} is a file, not a directory");
    }
}
