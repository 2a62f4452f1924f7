using Hawser.Rendering;
using Hawser.Testing;
using static Hawser.Core.Tests.Rendering.RenderFixtures;

namespace Hawser.Core.Tests.Rendering;

public sealed class PluginRendererTests
{
    private const string RepoUrl = "https://git.example/config.git";
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private static AppRenderer Renderer(TempDirectory scratch, TempDirectory repo, string pluginsPath, TimeSpan? timeout = null)
    {
        var git = new FakeGitSource();
        git.Add(RepoUrl, Commit, repo.Path);
        var options = new AppRendererOptions(scratch.Path) { PluginsPath = pluginsPath, PluginTimeout = timeout ?? TimeSpan.FromSeconds(90) };
        return new AppRenderer(options, git);
    }

    private static string Plugins(TempDirectory dir, string yaml) => dir.Write("plugins/plugin.yaml", yaml);

    // The kustomized-helm plugin found in real config repos: init builds every chart's dependencies, generate inflates the
    // charts with kustomize. Laid out like Argo CD's kustomized-helm example, with a local chart depending on a local library chart.
    private static TempDirectory KustomizedHelmRepo()
    {
        var repo = new TempDirectory("hawser-repo");
        repo.Write("apps/guestbook/kustomization.yaml", """
            namePrefix: prod-
            commonLabels: {team: web}
            helmCharts:
            - name: guestbook
              releaseName: gb
              valuesInline: {replicas: 2}
            resources:
            - extra.yaml
            """);
        repo.Write("apps/guestbook/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\n");
        repo.Write("apps/guestbook/charts/guestbook/Chart.yaml", """
            apiVersion: v2
            name: guestbook
            version: 0.1.0
            dependencies:
            - name: common
              version: 0.2.0
              repository: file://../../../../libs/common
            """);
        repo.Write("apps/guestbook/charts/guestbook/values.yaml", "replicas: 1\n");
        repo.Write("apps/guestbook/charts/guestbook/templates/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: {{ .Release.Name }}-ui}
            spec:
              replicas: {{ .Values.replicas }}
              selector: {matchLabels: {app: ui}}
              template:
                metadata: {labels: {app: ui}}
                spec: {containers: [{name: ui, image: "example/guestbook:0.1"}]}
            """);
        repo.Write("libs/common/Chart.yaml", "apiVersion: v2\nname: common\nversion: 0.2.0\n");
        repo.Write("libs/common/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ .Release.Name }}-common}\ndata: {from: common}\n");
        return repo;
    }

    private static string KustomizeCommand() =>
        ToolSet.FindOnPath("kustomize") is { } kustomize ? $"{kustomize} build" : $"{Tools.Kubectl} kustomize";

    private static string KustomizedHelmPlugin() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: ConfigManagementPlugin
        metadata: {name: kustomized-helm}
        spec:
          init:
            command: [sh, -c]
            args: ["find . -name Chart.yaml -exec sh -c 'helm dependency build \"$(dirname \"$1\")\"' _ {} \\;"]
          generate:
            command: [sh, -c]
            args: ["{{KustomizeCommand()}} . --enable-helm --load-restrictor=LoadRestrictionsNone"]
        """;

    [Fact]
    public async Task The_kustomized_helm_plugin_builds_dependencies_then_inflates_the_chart_in_a_private_copy()
    {
        _ = Tools.Helm;
        using var repo = KustomizedHelmRepo();
        using var config = new TempDirectory();
        using var scratch = new TempDirectory();
        var before = Snapshot(repo.Path);
        var app = App("guestbook", RepoUrl, "apps/guestbook", "plugin: {name: kustomized-helm}");

        var result = await Renderer(scratch, repo, Plugins(config, KustomizedHelmPlugin())).RenderAsync(app, CancellationToken.None);

        Assert.Equal(["ConfigMap/prod-extra", "ConfigMap/prod-gb-common", "Deployment/prod-gb-ui"], result.Objects.Select(o => $"{o.Kind}/{o.Name}").Order(StringComparer.Ordinal));
        var deployment = result.Objects.Single(o => o.Kind == "Deployment").Body;
        Assert.Equal(2L, deployment["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("web", deployment["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Equal(before, Snapshot(repo.Path));
    }

    [Fact]
    public async Task Without_the_plugin_the_chart_directory_is_not_rendered_as_helm_or_kustomize_when_the_app_names_one()
    {
        using var repo = KustomizedHelmRepo();
        repo.Write("apps/guestbook/Chart.yaml", "apiVersion: v2\nname: guestbook-wrapper\nversion: 0.1.0\n");
        using var config = new TempDirectory();
        using var scratch = new TempDirectory();
        var app = App("guestbook", RepoUrl, "apps/guestbook", "plugin: {name: kustomized-helm-v2}");

        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch, repo, Plugins(config, KustomizedHelmPlugin())).RenderAsync(app, CancellationToken.None));
        Assert.Equal(
            "spec.source.plugin.name \"kustomized-helm-v2\": no config management plugin of that name (declared: kustomized-helm; a plugin with a version is named name-version)",
            e.Message);
    }

    [Fact]
    public async Task A_named_plugin_with_a_version_is_named_name_dash_version()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/x.txt", "x");
        using var config = new TempDirectory();
        using var scratch = new TempDirectory();
        var plugins = Plugins(config, """
            apiVersion: argoproj.io/v1alpha1
            kind: ConfigManagementPlugin
            metadata: {name: echo}
            spec:
              version: v1.0
              generate: {command: [sh, -c, 'echo "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"$ARGOCD_APP_NAME\"}}"']}
            """);
        var ok = await Renderer(scratch, repo, plugins).RenderAsync(App("web", RepoUrl, "app", "plugin: {name: echo-v1.0}"), CancellationToken.None);
        Assert.Equal("web", Assert.Single(ok.Objects).Name);
        await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch, repo, plugins).RenderAsync(App("web", RepoUrl, "app", "plugin: {name: echo}"), CancellationToken.None));
    }

    [Fact]
    public async Task Commands_get_argo_cd_environment_parameters_and_nothing_of_the_host()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/x.txt", "x");
        using var config = new TempDirectory();
        using var scratch = new TempDirectory();
        var plugins = Plugins(config, """
            apiVersion: argoproj.io/v1alpha1
            kind: ConfigManagementPlugin
            metadata: {name: env}
            spec:
              generate:
                command: [sh, -c]
                args:
                - |
                  cat <<EOF
                  apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: env}
                  data:
                    name: "$ARGOCD_APP_NAME"
                    namespace: "$ARGOCD_APP_NAMESPACE"
                    revision: "$ARGOCD_APP_REVISION"
                    short: "$ARGOCD_APP_REVISION_SHORT"
                    repo: "$ARGOCD_APP_SOURCE_REPO_URL"
                    path: "$ARGOCD_APP_SOURCE_PATH"
                    target: "$ARGOCD_APP_SOURCE_TARGET_REVISION"
                    foo: "$ARGOCD_ENV_FOO"
                    values: "$PARAM_VALUES_FILES_0,$PARAM_VALUES_FILES_1"
                    tag: "$PARAM_HELM_PARAMETERS_IMAGE_TAG"
                    mode: "$PARAM_MODE"
                    parameters: '$ARGOCD_APP_PARAMETERS'
                    home: "$HOME"
                    pwd: "$(pwd)"
                    secret: "${HAWSER_PLUGIN_TEST_SECRET:-absent}"
                    kubeconfig: "${KUBECONFIG:-absent}"
                  EOF
            """);
        var app = App("web", RepoUrl, "app", """
            targetRevision: main
            plugin:
              name: env
              env:
              - {name: FOO, value: rev-$ARGOCD_APP_REVISION_SHORT}
              parameters:
              - {name: values-files, array: [values-dev.yaml, values-eu.yaml]}
              - {name: helm-parameters, map: {image.tag: v1.2.3}}
              - {name: mode, string: fast}
            """);
        Environment.SetEnvironmentVariable("HAWSER_PLUGIN_TEST_SECRET", "s3cr3t");
        try
        {
            var result = await Renderer(scratch, repo, plugins).RenderAsync(app, CancellationToken.None);
            var data = Assert.Single(result.Objects).Body["data"]!.AsObject();
            string Get(string key) => data[key]!.GetValue<string>();
            Assert.Equal("web", Get("name"));
            Assert.Equal("demo", Get("namespace"));
            Assert.Equal(Commit, Get("revision"));
            Assert.Equal("0123456", Get("short"));
            Assert.Equal(RepoUrl, Get("repo"));
            Assert.Equal("app", Get("path"));
            Assert.Equal("main", Get("target"));
            Assert.Equal("rev-0123456", Get("foo"));
            Assert.Equal("values-dev.yaml,values-eu.yaml", Get("values"));
            Assert.Equal("v1.2.3", Get("tag"));
            Assert.Equal("fast", Get("mode"));
            Assert.Equal(
                """[{"name":"values-files","array":["values-dev.yaml","values-eu.yaml"]},{"name":"helm-parameters","map":{"image.tag":"v1.2.3"}},{"name":"mode","string":"fast"}]""",
                Get("parameters"));
            Assert.StartsWith(scratch.Path, Get("home"), StringComparison.Ordinal);
            Assert.StartsWith(scratch.Path, Get("pwd"), StringComparison.Ordinal);
            Assert.EndsWith("/app", Get("pwd"), StringComparison.Ordinal);
            Assert.Equal("absent", Get("secret"));
            Assert.Equal("absent", Get("kubeconfig"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("HAWSER_PLUGIN_TEST_SECRET", null);
        }
    }

    [Fact]
    public async Task Commands_get_the_destination_clusters_version_and_api_versions_as_argo_cd_sets_them()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/x.txt", "x");
        using var config = new TempDirectory();
        using var scratch = new TempDirectory();
        var plugins = Plugins(config, """
            apiVersion: argoproj.io/v1alpha1
            kind: ConfigManagementPlugin
            metadata: {name: kube}
            spec:
              generate:
                command: [sh, -c]
                args: ["printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kube}\ndata: {version: \"%s\", apis: \"%s\"}\n' \"$KUBE_VERSION\" \"$KUBE_API_VERSIONS\""]
            """);
        await using var sandbox = await Hawser.Sandbox.SandboxServer.StartAsync(new Hawser.Sandbox.SandboxOptions(), CancellationToken.None);
        using var connection = Hawser.Kubernetes.KubernetesClientFactory.FromKubeconfig(sandbox.KubeconfigPath);
        var cluster = await connection.Client.GetCapabilitiesAsync(CancellationToken.None);

        var result = await Renderer(scratch, repo, plugins).RenderAsync(App("web", RepoUrl, "app", "plugin: {name: kube}"), cluster, CancellationToken.None);

        var data = Assert.Single(result.Objects).Body["data"]!.AsObject();
        Assert.Matches(@"^1\.\d+\.\d+$", data["version"]!.GetValue<string>());
        var apis = data["apis"]!.GetValue<string>().Split(',');
        Assert.Contains("v1", apis);
        Assert.Contains("v1/ConfigMap", apis);
        Assert.Contains("apps/v1", apis);
        Assert.Contains("apps/v1/Deployment", apis);
        Assert.Contains("batch/v1/CronJob", apis);
        Assert.Equal(apis.Order(StringComparer.Ordinal), apis);
    }

    [Theory]
    [InlineData("v1.31.5-eks-1a2b3c", "1.31.5")]
    [InlineData("v1.30.7+IKS", "1.30.7")]
    [InlineData("v1.33.0", "1.33.0")]
    [InlineData("", "")]
    public void The_kube_version_is_major_minor_patch_without_pre_release_or_build_metadata(string gitVersion, string expected) =>
        Assert.Equal(expected, Hawser.Kubernetes.ServerCapabilities.From(gitVersion, []).KubeVersion);

    [Theory]
    [InlineData("fileName: './*.cue'", true)]
    [InlineData("fileName: 'sub/*.cue'", false)]
    [InlineData("find: {glob: '**/*.cue'}", true)]
    [InlineData("find: {glob: '**/missing.cue'}", false)]
    [InlineData("find: {command: [sh, -c, 'find . -name main.cue']}", true)]
    [InlineData("find: {command: [sh, -c, 'find . -name none.cue']}", false)]
    [InlineData("find: {command: [sh, -c, 'echo found; exit 1']}", false)]
    public async Task Discovery_picks_the_plugin_before_helm_when_its_rule_matches(string rule, bool matches)
    {
        _ = Tools.Helm;
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/Chart.yaml", "apiVersion: v2\nname: chart\nversion: 0.1.0\n");
        repo.Write("app/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-helm}\n");
        repo.Write("app/main.cue", "x: 1");
        repo.Write("app/deep/nested/extra.cue", "y: 2");
        using var config = new TempDirectory();
        using var scratch = new TempDirectory();
        var plugins = Plugins(config, $$$"""
            apiVersion: argoproj.io/v1alpha1
            kind: ConfigManagementPlugin
            metadata: {name: cue}
            spec:
              generate: {command: [sh, -c, 'echo "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"from-plugin\"}}"']}
              discover:
                {{{rule}}}
            """);

        var result = await Renderer(scratch, repo, plugins).RenderAsync(App("web", RepoUrl, "app"), CancellationToken.None);
        Assert.Equal(matches ? "from-plugin" : "from-helm", Assert.Single(result.Objects).Name);
    }

    [Fact]
    public async Task An_empty_plugin_block_that_nothing_discovers_is_an_error_on_the_app()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/x.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        using var config = new TempDirectory();
        using var scratch = new TempDirectory();
        var plugins = Plugins(config, """
            apiVersion: argoproj.io/v1alpha1
            kind: ConfigManagementPlugin
            metadata: {name: cue}
            spec:
              generate: {command: [cue, export]}
              discover: {fileName: '*.cue'}
            """);
        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch, repo, plugins).RenderAsync(App("web", RepoUrl, "app", "plugin: {}"), CancellationToken.None));
        Assert.Equal("spec.source.plugin: no config management plugin discovers app (declared: cue); name one in plugin.name", e.Message);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Files_lose_their_execute_bit_unless_the_plugin_preserves_file_modes()
    {
        using var repo = new TempDirectory("hawser-repo");
        var script = repo.Write("app/gen.sh", "#!/bin/sh\necho '{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"generated\"}}'\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        using var config = new TempDirectory();
        using var scratch = new TempDirectory();
        string Plugin(bool preserve) => Plugins(config, $$"""
            apiVersion: argoproj.io/v1alpha1
            kind: ConfigManagementPlugin
            metadata: {name: script}
            spec:
              generate: {command: [./gen.sh]}
              preserveFileMode: {{(preserve ? "true" : "false")}}
            """);
        var app = App("web", RepoUrl, "app", "plugin: {name: script}");

        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch, repo, Plugin(false)).RenderAsync(app, CancellationToken.None));
        Assert.StartsWith("plugin script generate (app): ", e.Message, StringComparison.Ordinal);
        var result = await Renderer(scratch, repo, Plugin(true)).RenderAsync(app, CancellationToken.None);
        Assert.Equal("generated", Assert.Single(result.Objects).Name);
    }

    [Fact]
    public async Task A_command_running_past_the_timeout_is_killed_and_fails_the_app()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/x.txt", "x");
        using var config = new TempDirectory();
        using var scratch = new TempDirectory();
        var plugins = Plugins(config, """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: slow-plugin}
            data:
              plugin.yaml: |
                apiVersion: argoproj.io/v1alpha1
                kind: ConfigManagementPlugin
                metadata: {name: slow}
                spec:
                  init: {command: [sleep, "30"]}
                  generate: {command: [echo]}
            """);
        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch, repo, plugins, TimeSpan.FromMilliseconds(300))
            .RenderAsync(App("web", RepoUrl, "app", "plugin: {name: slow}"), CancellationToken.None));
        Assert.Contains("plugin slow init (app): sleep 30: timed out", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_generate_quotes_its_error_and_output_that_is_not_manifests_names_the_plugin()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/x.txt", "x");
        using var config = new TempDirectory();
        using var scratch = new TempDirectory();
        var plugins = Plugins(config, """
            apiVersion: argoproj.io/v1alpha1
            kind: ConfigManagementPlugin
            metadata: {name: failing}
            spec:
              generate: {command: [sh, -c, 'echo "no chart here" >&2; exit 3']}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: ConfigManagementPlugin
            metadata: {name: chatty}
            spec:
              generate: {command: [sh, -c, 'echo "{\"a\": 1}"']}
            """);
        var failing = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch, repo, plugins).RenderAsync(App("web", RepoUrl, "app", "plugin: {name: failing}"), CancellationToken.None));
        Assert.Equal("plugin failing generate (app): sh failed (exit 3): no chart here", failing.Message);
        var chatty = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch, repo, plugins).RenderAsync(App("web", RepoUrl, "app", "plugin: {name: chatty}"), CancellationToken.None));
        Assert.Contains("plugin chatty generate (app)", chatty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_plugin_definitions_are_reported_together_with_file_plugin_and_field()
    {
        using var config = new TempDirectory();
        var path = Plugins(config, """
            apiVersion: argoproj.io/v1alpha1
            kind: ConfigManagementPlugin
            metadata: {name: a}
            spec:
              init: {args: [x]}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: ConfigManagementPlugin
            metadata: {name: b}
            spec:
              generate: {command: kustomize}
            """);
        var e = await Assert.ThrowsAsync<PluginConfigException>(() => ConfigManagementPluginReader.LoadAsync(path, CancellationToken.None));
        // Each error cites the line of its field (a missing field: the line of the key that should hold it).
        Assert.Contains($"{path} (document 0, line 5): ConfigManagementPlugin \"a\": spec.init.command: is required", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{path} (document 0, line 4): ConfigManagementPlugin \"a\": spec.generate: is required", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{path} (document 1, line 11): ConfigManagementPlugin \"b\": spec.generate.command: expected a list of strings", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_results_with_plugins_are_cached_by_commit_and_plugin_definitions()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/x.txt", "x");
        using var config = new TempDirectory();
        using var scratch = new TempDirectory();
        var plugins = Plugins(config, """
            apiVersion: argoproj.io/v1alpha1
            kind: ConfigManagementPlugin
            metadata: {name: echo}
            spec:
              generate: {command: [sh, -c, 'echo "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"one\"}}"']}
            """);
        var git = new FakeGitSource();
        git.Add(RepoUrl, Commit, repo.Path);
        var cache = new RenderCache();
        var app = App("web", RepoUrl, "app", "plugin: {name: echo}");
        var first = await new AppRenderer(new AppRendererOptions(scratch.Path) { PluginsPath = plugins }, git, cache: cache).RenderAsync(app, CancellationToken.None);
        var again = await new AppRenderer(new AppRendererOptions(scratch.Path) { PluginsPath = plugins }, git, cache: cache).RenderAsync(app, CancellationToken.None);
        Assert.False(first.FromCache);
        Assert.True(again.FromCache);
        File.WriteAllText(plugins, File.ReadAllText(plugins).Replace("one", "two", StringComparison.Ordinal));
        var changed = await new AppRenderer(new AppRendererOptions(scratch.Path) { PluginsPath = plugins }, git, cache: cache).RenderAsync(app, CancellationToken.None);
        Assert.False(changed.FromCache);
        Assert.Equal("two", Assert.Single(changed.Objects).Name);
    }
}
