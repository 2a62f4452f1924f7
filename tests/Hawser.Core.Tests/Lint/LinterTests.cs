using Hawser.Lint;

namespace Hawser.Core.Tests.Lint;

/// <summary>Each lint rule on an in-memory config repo: it finds its case, and stays quiet on a clean one.</summary>
public sealed class LinterTests
{
    private static LintFixture Clean() => new LintFixture()
        .App("web", LintFixture.ConfigMap("web"))
        .App("api", LintFixture.ConfigMap("api", "api"), ns: "api")
        .File("web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata:\n  enabled: \"yes\"\n  mode: '0755'\n  on_call: true\n");

    private static string[] Rules(IEnumerable<LintFinding> findings) => [.. findings.Select(f => f.Rule)];

    [Fact]
    public void A_clean_repo_has_no_findings() => Assert.Empty(Clean().Lint());

    [Fact]
    public void Duplicate_keys_yaml_booleans_and_octal_numbers_are_found_with_their_line()
    {
        var findings = Clean().File("web/extra.yaml", "a: 1\nenabled: yes\na: 2\nmode: 0755\nOff: x\n").Lint();

        Assert.Equal(["yaml-boolean", "duplicate-key", "yaml-octal", "yaml-boolean"], Rules(findings));
        Assert.Equal([2, 3, 4, 5], findings.Select(f => f.Line));
        Assert.All(findings, f => Assert.Equal(("web/extra.yaml", "web"), (f.File, f.App)));
        Assert.Contains("octal number 493", findings[2].Message);
    }

    [Fact]
    public void A_yaml_syntax_error_is_an_error()
    {
        var finding = Assert.Single(Clean().File("web/bad.yaml", "a: [1,\n").Lint());
        Assert.Equal(("yaml-syntax", LintSeverity.Error), (finding.Rule, finding.Severity));
    }

    [Fact]
    public void Two_apps_declaring_one_object_on_one_cluster_conflict_and_on_two_clusters_do_not()
    {
        var conflict = new LintFixture().App("a", LintFixture.ConfigMap("shared", "infra")).App("b", LintFixture.ConfigMap("shared", "infra")).Lint();
        var finding = Assert.Single(conflict);
        Assert.Equal(("ownership-conflict", "b"), (finding.Rule, finding.App));
        Assert.Contains("ConfigMap/infra/shared is declared by apps \"a\", \"b\"", finding.Message);

        Assert.Empty(new LintFixture().App("a", LintFixture.ConfigMap("shared", "infra")).App("b", LintFixture.ConfigMap("shared", "infra"), server: "https://other:6443").Lint());
    }

    [Fact]
    public void An_object_in_a_namespace_another_app_owns_is_a_namespace_conflict()
    {
        var findings = new LintFixture()
            .App("payments", "apiVersion: v1\nkind: Namespace\nmetadata: {name: payments}\n---\n" + LintFixture.ConfigMap("pay"), ns: "payments")
            .App("intruder", LintFixture.ConfigMap("x", "payments"), ns: "other")
            .Lint();

        var finding = Assert.Single(findings);
        Assert.Equal(("namespace-conflict", "intruder"), (finding.Rule, finding.App));
    }

    [Fact]
    public void A_namespaced_object_without_any_namespace_lands_in_default()
    {
        var finding = Assert.Single(new LintFixture().App("web", LintFixture.ConfigMap("web"), ns: "").Lint());
        Assert.Equal("default-namespace", finding.Rule);
        Assert.Equal(("apps/web.yaml", 1), (finding.File, finding.Line));
    }

    [Fact]
    public void Cluster_scoped_objects_and_destinations_the_project_refuses_are_errors()
    {
        var findings = new LintFixture()
            .Project("apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: team}\nspec:\n  sourceRepos: ['*']\n  destinations: [{server: '*', namespace: 'team-*'}]\n")
            .App("web", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\n---\n" + LintFixture.ConfigMap("web"), ns: "team-web", project: "team")
            .App("api", LintFixture.ConfigMap("api"), ns: "elsewhere", project: "team")
            .App("lost", LintFixture.ConfigMap("lost"), project: "missing")
            .Lint();

        Assert.Equal(["project-destination", "project-destination", "project-resource"], Rules(findings.OrderBy(f => f.Rule, StringComparer.Ordinal)));
        Assert.Contains("ClusterRole/reader", findings.Single(f => f.Rule == "project-resource").Message);
        Assert.Contains("AppProject \"missing\" is not declared", findings.Single(f => f.App == "lost").Message);
    }

    [Fact]
    public void Removed_and_deprecated_api_versions_depend_on_the_target_kubernetes_version()
    {
        var pdb = "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {minAvailable: 1}\n";
        LintFixture Repo() => new LintFixture().App("web", pdb);

        Assert.Equal(["removed-api"], Rules(Repo().Lint(kubeVersion: "1.25")));
        Assert.Equal(["deprecated-api"], Rules(Repo().Lint(kubeVersion: "v1.22.4")));
        Assert.Empty(Repo().Lint(kubeVersion: "1.20"));
        Assert.Equal(["deprecated-api"], Rules(Repo().Lint()));
        Assert.Contains("use policy/v1", Repo().Lint(kubeVersion: "1.25").Single().Message);
    }

    [Fact]
    public void Git_sources_of_other_repositories_at_head_or_a_branch_and_charts_without_an_exact_version_are_unpinned()
    {
        var findings = new LintFixture()
            .App("head", "", repo: "https://git.example.com/other.git", revision: "HEAD")
            .App("branch", "", repo: "https://git.example.com/other.git", revision: "develop")
            .App("tag", "", repo: "https://git.example.com/other.git", revision: "v1.4.2")
            .App("own", "", revision: "main")
            .ChartApp("redis", "redis", "18.*")
            .ChartApp("pinned", "nginx", "1.2.3")
            .Lint();

        Assert.Equal([("unpinned-revision", "branch"), ("unpinned-revision", "head"), ("unpinned-chart", "redis")],
            findings.Select(f => (f.Rule, f.App!)).OrderBy(f => f.Item1 == "unpinned-chart").ThenBy(f => f.Item2, StringComparer.Ordinal));
    }

    [Fact]
    public void The_helm_charts_conventions_are_off_by_default_and_find_each_broken_entry_when_enabled()
    {
        var kustomization = """
            helmCharts:
            - name: cert-manager
              repo: https://charts.jetstack.io
              version: v1.14.0
              releaseName: cert-manager
              namespace: cert-manager
              includeCRDs: true
              valuesFile: values/cert-manager-v1.14.0.yaml
            - name: redis
              repo: https://charts.example.com
              namespace: cache
              includeCRDs: false
              valuesFile: values/redis.yaml
            """;
        using var dir = new Hawser.Testing.TempDirectory("hawser-lint");
        dir.Write("cert-manager/values/cert-manager-v1.14.0.yaml", "a: 1\n");
        LintFixture Repo() => new LintFixture { Tree = dir.Path }.App("cm", "", path: "cert-manager").File("cert-manager/kustomization.yaml", kustomization);

        Assert.Equal(["unpinned-helm-chart"], Rules(Repo().Lint()));

        var config = LintConfig.Parse("rules:\n  helmcharts-repo-version: on\n  helmcharts-release-name: warning\n  helmcharts-namespace: {enabled: true}\n  helmcharts-include-crds: error\n  helmcharts-values-file: on\n  unpinned-helm-chart: off\n");
        var findings = Repo().Lint(config);
        Assert.Equal(["helmcharts-include-crds", "helmcharts-namespace", "helmcharts-release-name", "helmcharts-repo-version"], Rules(findings.OrderBy(f => f.Rule, StringComparer.Ordinal)));
        Assert.All(findings, f => Assert.Equal(("cert-manager/kustomization.yaml", "cm"), (f.File, f.App)));
        Assert.Equal(LintSeverity.Warning, findings.Single(f => f.Rule == "helmcharts-release-name").Severity);
        Assert.Contains("namespace \"cache\" is not the folder name \"cert-manager\"", findings.Single(f => f.Rule == "helmcharts-namespace").Message);
    }

    [Fact]
    public void A_values_file_not_named_after_the_chart_and_version_or_missing_is_found()
    {
        using var dir = new Hawser.Testing.TempDirectory("hawser-lint");
        var config = LintConfig.Parse("rules: {helmcharts-values-file: on}\n");
        var findings = new LintFixture { Tree = dir.Path }
            .File("infra/kustomization.yaml", "helmCharts:\n- {name: a, repo: r, version: '1.0', valuesFile: values/a.yaml}\n- {name: b, repo: r, version: '2.0', valuesFile: values/b-2.0.yaml}\n")
            .Lint(config);

        Assert.Equal(["values/a.yaml\" is not values/a-1.0.yaml", "values/b-2.0.yaml does not exist"], findings.Select(f => f.Message.Split("valuesFile ")[1].Trim('"').Split(" in ")[0]));
    }

    [Theory]
    [InlineData("rules: {no-such-rule: off}\n", "rules.no-such-rule: no such rule")]
    [InlineData("rules: {yaml-boolean: loud}\n", "\"loud\" is not a severity")]
    [InlineData("kubeVersion: latest\n", "kubeVersion")]
    [InlineData("colour: blue\n", "colour: unknown field")]
    public void A_bad_configuration_file_names_the_field(string text, string expected)
    {
        var e = Assert.Throws<LintConfigException>(() => LintConfig.Parse(text));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_disabled_rule_reports_nothing_and_a_severity_override_applies()
    {
        var repo = Clean().File("web/extra.yaml", "enabled: yes\nmode: 0755\n");
        var findings = repo.Lint(LintConfig.Parse("rules:\n  yaml-boolean: off\n  yaml-octal: error\n"));
        Assert.Equal([("yaml-octal", LintSeverity.Error)], findings.Select(f => (f.Rule, f.Severity)));
    }
}
