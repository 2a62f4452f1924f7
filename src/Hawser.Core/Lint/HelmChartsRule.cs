using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Lint;

/// <summary>
/// Kustomize <c>helmCharts</c> entries (every <c>kustomization.yaml</c> of the repo): <c>unpinned-helm-chart</c> for a chart
/// from a repository without a version, and the team conventions, off unless <c>.hawser-lint.yaml</c> turns them on:
/// <c>helmcharts-repo-version</c> (repo and version both or neither), <c>helmcharts-release-name</c> (releaseName set),
/// <c>helmcharts-namespace</c> (namespace = the kustomization's folder name), <c>helmcharts-include-crds</c>
/// (<c>includeCRDs: true</c>) and <c>helmcharts-values-file</c> (<c>valuesFile: values/&lt;name&gt;-&lt;version&gt;.yaml</c>, existing).
/// </summary>
internal sealed class HelmChartsRule : ILintRule
{
    private static readonly HashSet<string> Names = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        var findings = new List<LintFinding>();
        foreach (var source in context.Sources.Where(s => Names.Contains(Path.GetFileName(s.Path))))
        {
            var app = context.AppOf(source.Path);
            var directory = Path.GetDirectoryName(source.Path)?.Replace('\\', '/') ?? "";
            foreach (var document in source.Documents.OfType<YMapping>())
            {
                if (document.Get("helmCharts") is not YSequence charts) continue;
                for (var i = 0; i < charts.Items.Count; i++)
                {
                    if (charts.Items[i] is YMapping entry) Entry(context, entry, i, source.Path, directory, app, findings);
                }
            }
        }
        return findings;
    }

    private static void Entry(LintContext context, YMapping entry, int index, string file, string directory, string? app, List<LintFinding> findings)
    {
        var name = entry.Text("name");
        var what = $"helmCharts[{index}] ({name ?? "no name"})";
        var repo = entry.Text("repo");
        var version = entry.Text("version");
        void Add(string rule, string message, YNode? at = null) => findings.Add(LintContext.Finding(rule, $"{what}: {message}", (file, (at ?? entry).Line), app));

        if (repo is { Length: > 0 } && version is not { Length: > 0 })
            Add("unpinned-helm-chart", $"chart from {repo} has no version: kustomize pulls whatever is newest");
        if ((repo is { Length: > 0 }) != (version is { Length: > 0 }))
            Add("helmcharts-repo-version", repo is { Length: > 0 } ? "repo is set without version (set both or neither)" : "version is set without repo (set both or neither)");
        if (entry.Text("releaseName") is not { Length: > 0 })
            Add("helmcharts-release-name", "releaseName is not set");
        var folder = directory.Split('/')[^1];
        if (folder.Length > 0 && entry.Text("namespace") is var ns && ns != folder)
            Add("helmcharts-namespace", ns is null ? $"namespace is not set (expected \"{folder}\", the folder name)" : $"namespace \"{ns}\" is not the folder name \"{folder}\"", entry.Get("namespace"));
        if (!IsTrue(entry.Get("includeCRDs")))
            Add("helmcharts-include-crds", "includeCRDs is not true", entry.Get("includeCRDs"));
        if (name is { Length: > 0 } && version is { Length: > 0 })
        {
            var expected = $"values/{name}-{version}.yaml";
            var valuesFile = entry.Text("valuesFile");
            if (valuesFile != expected)
                Add("helmcharts-values-file", valuesFile is null ? $"valuesFile is not set (expected {expected})" : $"valuesFile \"{valuesFile}\" is not {expected}", entry.Get("valuesFile"));
            else if (!File.Exists(Path.Combine(context.Input.Inventory.Tree, directory, expected)))
                Add("helmcharts-values-file", $"valuesFile {expected} does not exist in {(directory.Length == 0 ? "the repository root" : directory)}", entry.Get("valuesFile"));
        }
    }

    private static bool IsTrue(YNode? node)
    {
        if (node is not YScalar scalar) return false;
        if (!scalar.Plain) return false;
        try { return YamlScalars.ResolvePlain(scalar.Value) is JsonValue v && v.TryGetValue<bool>(out var b) && b; }
        catch (FormatException) { return false; }
    }
}
