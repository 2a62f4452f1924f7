namespace Hawser.Lint;

/// <summary>A lint rule: its id, what it checks, and how it behaves unless <c>.hawser-lint.yaml</c> says otherwise.</summary>
/// <param name="Id">The id used in findings and in the configuration file.</param>
/// <param name="Severity">The default severity.</param>
/// <param name="EnabledByDefault">False for team conventions, which a configuration file turns on.</param>
/// <param name="Description">One sentence for help text and SARIF.</param>
public sealed record LintRuleInfo(string Id, LintSeverity Severity, bool EnabledByDefault, string Description);

/// <summary>Every rule <c>hawser lint</c> knows, in the order they are documented (docs/lint.md).</summary>
public static class LintRuleCatalog
{
    /// <summary>All rules.</summary>
    public static IReadOnlyList<LintRuleInfo> All { get; } =
    [
        new("render-failed", LintSeverity.Error, true, "An app does not render (the tool's own message)."),
        new("render-warning", LintSeverity.Warning, true, "The renderer warned about an app (skipped files, tool warnings)."),
        new("invalid-object", LintSeverity.Error, true, "An Application, ApplicationSet or AppProject is invalid."),
        new("unsupported-field", LintSeverity.Warning, true, "An Argo CD field Hawser does not act on."),
        new("appset-failed", LintSeverity.Error, true, "An ApplicationSet's generator or template failed."),
        new("duplicate-app", LintSeverity.Error, true, "Two declarations of one Application name."),
        new("yaml-syntax", LintSeverity.Error, true, "A YAML file cannot be parsed."),
        new("duplicate-key", LintSeverity.Error, true, "A mapping key appears twice (Kubernetes refuses the file)."),
        new("yaml-boolean", LintSeverity.Warning, true, "An unquoted yes/no/on/off/y/n, which Kubernetes and Helm read as a boolean (YAML 1.1)."),
        new("yaml-octal", LintSeverity.Warning, true, "An unquoted number with a leading zero, which Kubernetes and Helm read as octal (0755 is 493)."),
        new("ownership-conflict", LintSeverity.Error, true, "Two apps declare the same object (group, kind, namespace, name) on one cluster."),
        new("namespace-conflict", LintSeverity.Warning, true, "An app declares an object in a namespace another app owns (creates as its destination)."),
        new("default-namespace", LintSeverity.Warning, true, "A namespaced object without a namespace in an app without a destination namespace lands in \"default\"."),
        new("project-resource", LintSeverity.Error, true, "The app's AppProject does not permit an object's kind or namespace (e.g. a cluster-scoped object in a namespaced-only project)."),
        new("project-destination", LintSeverity.Error, true, "The app's AppProject does not exist or does not permit its destination, source repository or namespace."),
        new("removed-api", LintSeverity.Error, true, "An object uses an API version the target Kubernetes version no longer serves (--kube-version)."),
        new("deprecated-api", LintSeverity.Warning, true, "An object uses a deprecated API version that a later Kubernetes release removes."),
        new("unpinned-revision", LintSeverity.Warning, true, "A Git source of another repository follows HEAD or a branch instead of a tag or commit."),
        new("unpinned-chart", LintSeverity.Warning, true, "A Helm chart source without an exact version."),
        new("unpinned-helm-chart", LintSeverity.Warning, true, "A kustomize helmCharts entry from a repository without a version."),
        new("helmcharts-repo-version", LintSeverity.Error, false, "Convention: a kustomize helmCharts entry sets both repo and version, or neither."),
        new("helmcharts-release-name", LintSeverity.Error, false, "Convention: a kustomize helmCharts entry sets releaseName."),
        new("helmcharts-namespace", LintSeverity.Error, false, "Convention: a kustomize helmCharts entry's namespace is the kustomization's folder name."),
        new("helmcharts-include-crds", LintSeverity.Error, false, "Convention: a kustomize helmCharts entry sets includeCRDs: true."),
        new("helmcharts-values-file", LintSeverity.Error, false, "Convention: a kustomize helmCharts entry's valuesFile is values/<name>-<version>.yaml, and exists."),
    ];

    /// <summary>The rule of that id, or null.</summary>
    public static LintRuleInfo? Find(string id) => All.FirstOrDefault(r => r.Id == id);

    /// <summary>The rule of that id; throws for an id not in the catalog (a bug in a rule).</summary>
    public static LintRuleInfo Get(string id) => Find(id) ?? throw new ArgumentException($"no lint rule \"{id}\"", nameof(id));
}
