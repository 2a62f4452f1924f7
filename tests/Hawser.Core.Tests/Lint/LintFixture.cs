using Hawser.Apps;
using Hawser.Lint;
using Hawser.Manifests;
using Hawser.Rendering;

namespace Hawser.Core.Tests.Lint;

/// <summary>In-memory config repos for the rule tests: apps with their rendered objects, projects and YAML files as written.</summary>
internal sealed class LintFixture
{
    public const string RepoUrl = "https://git.example.com/acme/config.git";

    private readonly List<DiscoveredApp> _apps = [];
    private readonly List<AppProject> _projects = [];
    private readonly List<YamlSource> _files = [];

    public string Tree { get; init; } = Path.GetTempPath();

    /// <summary>An app declared in <c>apps/NAME.yaml</c> rendering <paramref name="objects"/> (YAML).</summary>
    public LintFixture App(string name, string objects, string ns = "team", string project = "default", string path = "", string repo = RepoUrl,
        string revision = "main", string server = "https://kubernetes.default.svc", string extraSpec = "")
    {
        var file = $"apps/{name}.yaml";
        var yaml = $"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {"{"}name: {name}{"}"}
            spec:
              project: {project}
              source: {"{"}repoURL: '{repo}', targetRevision: '{revision}', path: '{(path.Length == 0 ? name : path)}'{"}"}
              destination: {"{"}server: '{server}', namespace: '{ns}'{"}"}
            {extraSpec}
            """;
        var manifest = ManifestReader.Read(yaml, file).Single();
        var app = ApplicationReader.Read([manifest]).ThrowIfErrors().Applications.Single();
        var rendered = ManifestReader.Read(objects, $"kustomize build {name}");
        _apps.Add(new DiscoveredApp(app, manifest, null, manifest.Source, new AppRenderResult(name, rendered, [], [], false)));
        return File(file, yaml);
    }

    /// <summary>A chart app (Helm repository source).</summary>
    public LintFixture ChartApp(string name, string chart, string version)
    {
        var yaml = $"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {"{"}name: {name}{"}"}
            spec:
              project: default
              source: {"{"}repoURL: 'https://charts.example.com', chart: {chart}, targetRevision: '{version}'{"}"}
              destination: {"{"}server: 'https://kubernetes.default.svc', namespace: {name}{"}"}
            """;
        var manifest = ManifestReader.Read(yaml, $"apps/{name}.yaml").Single();
        var app = ApplicationReader.Read([manifest]).ThrowIfErrors().Applications.Single();
        _apps.Add(new DiscoveredApp(app, manifest, null, manifest.Source, new AppRenderResult(name, [], [], [], false)));
        return File($"apps/{name}.yaml", yaml);
    }

    public LintFixture Project(string yaml)
    {
        _projects.Add(ApplicationReader.Read(ManifestReader.Read(yaml, "projects.yaml")).ThrowIfErrors().Projects.Single());
        return this;
    }

    public LintFixture File(string path, string text)
    {
        _files.Add(YamlSource.Parse(path, text));
        return this;
    }

    public IReadOnlyList<LintFinding> Lint(LintConfig? config = null, string? kubeVersion = null)
    {
        var inventory = new ConfigRepoInventory(Tree, [.. _apps.OrderBy(a => a.Name, StringComparer.Ordinal)], _projects, []);
        var input = new LintInput(inventory, url => url.TrimEnd('/') == RepoUrl, kubeVersion is null ? null : KubeVersion.Parse(kubeVersion));
        return Linter.Run(new LintContext(input, _files), config ?? LintConfig.Default);
    }

    public static string ConfigMap(string name, string? ns = null) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}{(ns is null ? "" : $", namespace: {ns}")}}}\ndata: {{a: b}}\n---\n";
}
