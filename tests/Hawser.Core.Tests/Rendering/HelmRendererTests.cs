using Hawser.Rendering;
using Hawser.Testing;
using static Hawser.Core.Tests.Rendering.RenderFixtures;

namespace Hawser.Core.Tests.Rendering;

public sealed class HelmRendererTests
{
    [Fact]
    public async Task Helm_output_equals_helm_template_with_dependencies_layered_values_and_parameters()
    {
        using var repo = new TempDirectory("hawser-repo");
        HelmFixtures.WriteWebChart(repo);
        var before = Snapshot(repo.Path);
        using var scratch = new TempDirectory();
        var app = App("web", repo.Path, "charts/web", """
            helm:
              releaseName: web-prod
              valueFiles: [values.yaml, values.prod.yaml]
              values: "greeting: hi\n"
              parameters:
              - {name: image.tag, value: "1.28"}
              - {name: extraArgs, value: "{--a,--b}"}
              - {name: common.note, value: "x,y", forceString: true}
              fileParameters: [{name: motd, path: files/motd.txt}]
              kubeVersion: "1.31.0"
              apiVersions: [monitoring.coreos.com/v1]
            """, ns: "shop");

        var tools = new CountingToolRunner();
        var result = await Renderer(scratch, tools).RenderAsync(app, CancellationToken.None);

        // The oracle: helm itself on a private copy where the test built the dependency.
        using var oracle = new TempDirectory("hawser-oracle");
        CopyTree(repo.Path, oracle.Path);
        var chart = Path.Combine(oracle.Path, "charts/web");
        var env = HelmHome(oracle);
        await RunToolAsync(Tools.Helm, ["dependency", "build", chart], chart, env);
        var inline = oracle.Write("inline.yaml", "greeting: hi\n");
        var expected = await RunOracleAsync(Tools.Helm,
            ["template", "web-prod", chart, "--namespace", "shop", "--kube-version", "1.31.0", "--values", Path.Combine(chart, "values.yaml"),
             "--values", Path.Combine(chart, "values.prod.yaml"), "--values", inline, "--set", "image.tag=1.28", "--set", "extraArgs={--a,--b}",
             "--set-string", "common.note=x\\,y", "--set-file", $"motd={Path.Combine(chart, "files/motd.txt")}",
             "--api-versions", "monitoring.coreos.com/v1", "--include-crds"], chart, env);

        Assert.Equal(AsSet(expected), AsSet(result.Objects));
        Assert.Equal(["CustomResourceDefinition", "ConfigMap", "ConfigMap", "Service", "Deployment"], result.Objects.Select(o => o.Kind));
        var deployment = result.Objects.Single(o => o.Kind == "Deployment");
        Assert.Equal(3, deployment.Body["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("nginx:1.28", deployment.Body["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("shop", deployment.Namespace);
        var common = result.Objects.Single(o => o.Name == "web-prod-common");
        Assert.Equal("x,y", common.Body["data"]!["note"]!.GetValue<string>());
        Assert.Contains(tools.Commands, c => c.Contains("dependency build", StringComparison.Ordinal));
        Assert.Equal(before, Snapshot(repo.Path));
    }

    [Fact]
    public async Task Values_object_wins_over_values_and_skip_crds_leaves_crds_out()
    {
        using var repo = new TempDirectory("hawser-repo");
        HelmFixtures.WriteWebChart(repo);
        using var scratch = new TempDirectory();
        var app = App("web", repo.Path, "charts/web", """
            helm:
              values: "greeting: from-values\n"
              valuesObject: {greeting: from-object}
              skipCrds: true
            """);
        var result = await Renderer(scratch).RenderAsync(app, CancellationToken.None);
        Assert.DoesNotContain(result.Objects, o => o.Kind == "CustomResourceDefinition");
        Assert.Equal("from-object", result.Objects.Single(o => o.Name == "web-config").Body["data"]!["greeting"]!.GetValue<string>());
        Assert.Equal("web", result.Objects.Single(o => o.Kind == "Deployment").Name);
    }

    [Fact]
    public async Task A_chart_directory_is_detected_without_a_helm_block_and_crds_are_included()
    {
        using var repo = new TempDirectory("hawser-repo");
        HelmFixtures.WriteWebChart(repo);
        using var scratch = new TempDirectory();
        var result = await Renderer(scratch).RenderAsync(App("web", repo.Path, "charts/web"), CancellationToken.None);
        Assert.Contains(result.Objects, o => o.Kind == "CustomResourceDefinition");
        Assert.Equal("dev", result.Objects.Single(o => o.Kind == "Deployment").GetLabel("env"));
    }

    [Fact]
    public async Task A_missing_value_file_fails_unless_missing_files_are_ignored()
    {
        using var repo = new TempDirectory("hawser-repo");
        HelmFixtures.WriteWebChart(repo);
        using var scratch = new TempDirectory();
        var strict = App("web", repo.Path, "charts/web", "helm: {valueFiles: [values.staging.yaml]}");
        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch).RenderAsync(strict, CancellationToken.None));
        Assert.Equal("helm valueFiles[0] \"values.staging.yaml\": file not found (set ignoreMissingValueFiles to skip missing files)", e.Message);

        var lenient = App("web", repo.Path, "charts/web", "helm: {valueFiles: [values.staging.yaml, values.prod.yaml], ignoreMissingValueFiles: true}");
        var result = await Renderer(scratch).RenderAsync(lenient, CancellationToken.None);
        Assert.Equal("prod", result.Objects.Single(o => o.Kind == "Deployment").GetLabel("env"));
        Assert.Contains("value file values.staging.yaml not found, skipped (ignoreMissingValueFiles)", result.Warnings);
    }

    [Fact]
    public async Task A_template_error_quotes_helm_s_own_message()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("bad/Chart.yaml", "apiVersion: v2\nname: bad\nversion: 0.1.0\n");
        repo.Write("bad/templates/cm.yaml", "{{ fail \"the answer must be 42\" }}\n");
        using var scratch = new TempDirectory();
        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch).RenderAsync(App("bad", repo.Path, "bad"), CancellationToken.None));
        Assert.StartsWith("helm template bad: helm failed (exit 1): Error: execution error at (bad/templates/cm.yaml:1:3): the answer must be 42", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Multi_source_apps_take_value_files_from_a_ref_source()
    {
        using var charts = new TempDirectory("hawser-charts");
        HelmFixtures.WriteWebChart(charts);
        using var values = new TempDirectory("hawser-values");
        values.Write("envs/prod/web.yaml", "replicas: 5\n");
        using var scratch = new TempDirectory();
        var app = App($$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: web}
            spec:
              project: default
              sources:
              - repoURL: {{charts.Path}}
                path: charts/web
                helm: {valueFiles: [$values/envs/prod/web.yaml]}
              - {repoURL: {{values.Path}}, ref: values}
              destination: {server: https://kubernetes.default.svc, namespace: web}
            """);
        var result = await Renderer(scratch).RenderAsync(app, CancellationToken.None);
        Assert.Equal(5, result.Objects.Single(o => o.Kind == "Deployment").Body["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(2, result.Sources.Count);
    }

    [Fact]
    public async Task An_app_of_apps_chart_renders_child_applications_hawser_can_read()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("apps/Chart.yaml", "apiVersion: v2\nname: apps\nversion: 0.1.0\n");
        repo.Write("apps/values.yaml", "repoURL: https://git.example.com/config.git\napps: [web, api]\n");
        repo.Write("apps/templates/apps.yaml", """
            {{- range .Values.apps }}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: {{ . }}, namespace: argocd}
            spec:
              project: default
              source: {repoURL: {{ $.Values.repoURL }}, path: "apps/{{ . }}", targetRevision: HEAD}
              destination: {server: https://kubernetes.default.svc, namespace: {{ . }}}
            {{- end }}
            """);
        using var scratch = new TempDirectory();
        var result = await Renderer(scratch).RenderAsync(App("root", repo.Path, "apps"), CancellationToken.None);

        using var oracle = new TempDirectory("hawser-oracle");
        var expected = await RunOracleAsync(Tools.Helm, ["template", "root", Path.Combine(repo.Path, "apps"), "--namespace", "demo", "--include-crds"], repo.Path, HelmHome(oracle));
        Assert.Equal(AsSet(expected), AsSet(result.Objects));
        var children = Hawser.Apps.ApplicationReader.Read(result.Objects).ThrowIfErrors().Applications;
        Assert.Equal(["web", "api"], children.Select(a => a.Name));
        Assert.Equal("apps/api", children[1].Spec.Sources[0].Path);
    }

    [Theory]
    [InlineData("a,b", "a\\,b")]
    [InlineData("a\\,b", "a\\,b")]
    [InlineData("{a,b}", "{a,b}")]
    [InlineData("plain", "plain")]
    public void Set_values_escape_commas_as_argo_cd_does(string value, string expected)
    {
        Assert.Equal(expected, HelmRenderer.EscapeSetValue(value));
    }
}
