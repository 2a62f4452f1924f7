using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.Manifests;
using Hawser.Processes;
using Hawser.Rendering;
using Hawser.Sources;
using Hawser.Testing;

namespace Hawser.Core.Tests.Rendering;

/// <summary>Builds Applications from YAML, renderers over temp directories, and compares object sets.</summary>
internal static class RenderFixtures
{
    public static Application App(string yaml)
    {
        var result = ApplicationReader.Read(ManifestReader.Read(yaml, "app.yaml"));
        result.ThrowIfErrors();
        return Assert.Single(result.Applications);
    }

    /// <summary>An Application named <paramref name="name"/> whose single source is <paramref name="sourceYaml"/> (indented under source:).</summary>
    public static Application App(string name, string repo, string path, string extraSourceYaml = "", string ns = "demo") => App($"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {"{"}name: {name}{"}"}
        spec:
          project: default
          source:
            repoURL: {repo}
            path: {path}
        {Indent(extraSourceYaml, 4)}
          destination: {"{"}server: https://kubernetes.default.svc, namespace: {ns}{"}"}
        """);

    public static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(l => l.Length == 0 ? l : new string(' ', spaces) + l));

    public static AppRenderer Renderer(TempDirectory scratch, IToolRunner? tools = null, IGitSource? git = null, RenderCache? cache = null, IReadOnlyDictionary<string, string>? overrides = null,
        IReadOnlyCollection<string>? allowedBuildOptions = null) =>
        new(new AppRendererOptions(scratch.Path) { RepositoryOverrides = overrides ?? new Dictionary<string, string>(), AllowedKustomizeBuildOptions = allowedBuildOptions ?? [] }, git, null, cache, tools);

    /// <summary>Objects as a sorted set of "key => canonical JSON" lines, for equality as sets.</summary>
    public static IReadOnlyList<string> AsSet(IEnumerable<KubeObject> objects) =>
        objects.Select(o => $"{o.Key} => {Canonical(o.Body)}").Order(StringComparer.Ordinal).ToList();

    public static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":{Canonical(p.Value)}")) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    /// <summary>Runs a tool directly (the oracle) and parses its stdout.</summary>
    public static async Task<IReadOnlyList<KubeObject>> RunOracleAsync(string tool, IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var result = await ProcessRunner.RunCheckedAsync(new ProcessSpec(tool, arguments, workingDirectory, TimeSpan.FromMinutes(2), environment), CancellationToken.None);
        return ManifestReader.Read(result.StandardOutput, tool);
    }

    /// <summary>Runs a tool directly for its side effects (e.g. helm dependency build in an oracle copy).</summary>
    public static Task RunToolAsync(string tool, IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null) =>
        ProcessRunner.RunCheckedAsync(new ProcessSpec(tool, arguments, workingDirectory, TimeSpan.FromMinutes(2), environment), CancellationToken.None);

    /// <summary>A private Helm home for oracle runs, so tests never read the user's Helm repositories.</summary>
    public static Dictionary<string, string?> HelmHome(TempDirectory dir) => new()
    {
        ["HELM_CONFIG_HOME"] = Path.Combine(dir.Path, "helm-oracle", "config"),
        ["HELM_CACHE_HOME"] = Path.Combine(dir.Path, "helm-oracle", "cache"),
        ["HELM_DATA_HOME"] = Path.Combine(dir.Path, "helm-oracle", "data"),
    };

    /// <summary>Copies a directory tree (for oracle runs that write, e.g. helm dependency build).</summary>
    public static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var dir in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, dir)));
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(destination, Path.GetRelativePath(source, file)));
    }

    /// <summary>A snapshot of every file (path and content) under a directory, to prove a tree was not written to.</summary>
    public static IReadOnlyList<string> Snapshot(string root) =>
        Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p) + (File.Exists(p) ? ":" + File.ReadAllText(p).GetHashCode(StringComparison.Ordinal) : "/"))
            .Order(StringComparer.Ordinal).ToList();
}

/// <summary>Counts every tool run, then runs it for real.</summary>
internal sealed class CountingToolRunner : IToolRunner
{
    private int _runs;

    public int Runs => _runs;

    public List<string> Commands { get; } = [];

    public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        lock (Commands) Commands.Add(spec.Display);
        return ProcessRunner.RunCheckedAsync(spec, cancellationToken);
    }
}

/// <summary>A Git source over local directories with fixed commits, counting every call.</summary>
internal sealed class FakeGitSource : IGitSource
{
    private readonly Dictionary<string, (string Commit, string Directory)> _repos = new(StringComparer.Ordinal);
    private int _calls;

    public int Calls => _calls;

    public void Add(string url, string commit, string directory) => _repos[url] = (commit, directory);

    public Task<string> ResolveAsync(string repoUrl, string revision, RepositoryCredentials? credentials, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(_repos[repoUrl].Commit);
    }

    public Task<GitCheckout> CheckoutAsync(string repoUrl, string revision, RepositoryCredentials? credentials, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var (commit, directory) = _repos[repoUrl];
        return Task.FromResult(new GitCheckout(repoUrl, revision, commit, directory));
    }
}

/// <summary>A chart source over local chart directories, counting pulls.</summary>
internal sealed class FakeChartSource : IHelmChartSource
{
    private readonly Dictionary<(string Repo, string Chart), (string Version, string Directory)> _charts = new();
    private int _pulls;

    public int Pulls => _pulls;

    public void Add(string repo, string chart, string version, string directory) => _charts[(repo, chart)] = (version, directory);

    public Task<ChartCheckout> PullAsync(string repoUrl, string chart, string versionConstraint, RepositoryCredentials? credentials, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _pulls);
        var (version, directory) = _charts[(repoUrl, chart)];
        return Task.FromResult(new ChartCheckout(repoUrl, chart, version, directory));
    }
}
