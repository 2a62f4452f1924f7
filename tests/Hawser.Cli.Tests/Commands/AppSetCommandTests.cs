using System.Text.Json.Nodes;
using Hawser.Sandbox;
using Hawser.Testing;

namespace Hawser.Cli.Tests.Commands;

/// <summary>The <c>appset</c> verbs and ApplicationSets through <c>render</c> and <c>app sync</c>, as a user runs them.</summary>
public sealed class AppSetCommandTests : IAsyncLifetime
{
    private const string ExampleUrl = "https://github.com/hawser-dev/appset-repo.git";
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly string Example = Path.Combine(RepositoryPaths.Root, "examples", "appset-repo");
    private readonly TempDirectory _dir = new("hawser-cli-appset");
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync() =>
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { Simulation = new Sandbox.Simulation.SimulationOptions { Delay = TimeSpan.FromMilliseconds(100) } }, Ct);

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Generate_prints_the_generated_applications_as_names_yaml_or_a_json_list()
    {
        var set = Path.Combine(Example, "root", "production.yaml");
        var overrideArg = $"{ExampleUrl}={Example}";

        var names = await RunAsync("appset", "generate", "-f", set, "-o", "name", "--repo-override", overrideArg);
        Assert.True(names.ExitCode == 0, names.StandardError);
        Assert.Equal(["guestbook", "redis", "web"], names.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var json = await RunAsync("appset", "generate", "-f", set, "-o", "json", "--repo-override", overrideArg);
        var items = JsonNode.Parse(json.StandardOutput)!["items"]!.AsArray();
        Assert.Equal(3, items.Count);
        Assert.Equal("production/redis", items[1]!["spec"]!["source"]!["path"]!.GetValue<string>());
        Assert.Equal("redis", items[1]!["spec"]!["destination"]!["namespace"]!.GetValue<string>());

        var yaml = await RunAsync("appset", "generate", "-f", set, "--repo-override", overrideArg);
        Assert.Equal(3, Manifests.ManifestReader.Read(yaml.StandardOutput, "stdout").Count(o => o.Kind == "Application"));
    }

    [Fact]
    public async Task Generate_reads_a_real_git_repository_and_reports_an_unsupported_generator_with_exit_1()
    {
        var repo = await GitTestRepository.InitAsync(Path.Combine(_dir.Path, "repo"), Ct);
        await repo.Write("env/dev/values.yaml", "cluster: dev\n").Write("env/prod/values.yaml", "cluster: prod\n").CommitAsync("envs", Ct);
        var file = _dir.Write("set.yaml", $$$"""
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: envs}
            spec:
              generators:
                - git:
                    repoURL: {{{repo.Path}}}
                    files: [{path: env/*/values.yaml}]
                - pullRequest: {github: {owner: o, repo: r}}
              template:
                metadata: {name: 'guestbook-{{cluster}}'}
                spec:
                  project: default
                  source: {repoURL: {{{repo.Path}}}, path: guestbook, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: '{{path.basename}}'}
            """);

        var result = await RunAsync("appset", "generate", "-f", file, "-o", "name");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["guestbook-dev", "guestbook-prod"], result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("UnsupportedGenerator", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("spec.generators[1]: the pullRequest generator", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_of_a_file_holding_an_applicationset_renders_its_generated_apps_and_app_verbs_say_what_the_file_holds()
    {
        var set = Path.Combine(Example, "root", "production.yaml");

        var render = await RunAsync("render", "-f", set, "--summary", "--no-cache", "--repo-override", $"{ExampleUrl}={Example}");
        Assert.True(render.ExitCode == 0, render.StandardError);
        Assert.Contains("guestbook", render.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("3 of 3 apps rendered", render.StandardOutput, StringComparison.Ordinal);

        var recursive = await RunAsync("render", "-f", Path.Combine(Example, "root", "app.yaml"), "--recursive", "--no-cache", "--repo-override", $"{ExampleUrl}={Example}");
        Assert.True(recursive.ExitCode == 0, recursive.StandardError);
        var kinds = Manifests.ManifestReader.Read(recursive.StandardOutput, "stdout").Select(o => $"{o.Kind}/{o.Name}").ToList();
        Assert.Contains("Deployment/redis", kinds);
        Assert.Contains("ConfigMap/web-settings", kinds);

        var get = await RunAsync("app", "get", "-f", set, "--kubeconfig", _sandbox.KubeconfigPath);
        Assert.Equal(2, get.ExitCode);
        Assert.Contains("holds ApplicationSet \"production\"", get.StandardError, StringComparison.Ordinal);
        Assert.Contains("hawser appset generate", get.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Syncing_the_example_root_generates_and_syncs_every_app_and_appset_list_and_get_show_them()
    {
        var sync = await RunAsync("app", "sync", "-f", Path.Combine(Example, "root", "app.yaml"), "--kubeconfig", _sandbox.KubeconfigPath,
            "--repo-override", $"{ExampleUrl}={Example}");
        Assert.True(sync.ExitCode == 0, sync.StandardOutput + sync.StandardError);

        var list = await RunAsync("appset", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("production", list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("appset-root", list.StandardOutput, StringComparison.Ordinal);

        var get = await RunAsync("appset", "get", "production", "-o", "json");
        Assert.True(get.ExitCode == 0, get.StandardError);
        var status = JsonNode.Parse(get.StandardOutput)!;
        Assert.Equal(["guestbook", "redis", "web"], status["applications"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()));
        Assert.All(status["applications"]!.AsArray(), a => Assert.Equal(("Synced", "Healthy"), (a!["sync"]!.GetValue<string>(), a["health"]!.GetValue<string>())));

        var app = await RunAsync("app", "get", "redis", "--kubeconfig", _sandbox.KubeconfigPath, "--repo-override", $"{ExampleUrl}={Example}");
        Assert.True(app.ExitCode == 0, app.StandardOutput + app.StandardError);

        var unknown = await RunAsync("appset", "get", "nope");
        Assert.Equal(2, unknown.ExitCode);
    }

    [Fact]
    public async Task Generate_targets_the_cluster_secrets_of_a_settings_directory_selected_by_label_with_templated_values()
    {
        _dir.Write("settings/clusters.yaml", """
            apiVersion: v1
            kind: Secret
            metadata:
              name: east
              labels: {argocd.argoproj.io/secret-type: cluster, env: prod}
              annotations: {owner: team-a}
            stringData: {name: prod-east, server: 'https://east.example:6443', config: '{"bearerToken": "s3cr3t-token"}'}
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: west
              labels: {argocd.argoproj.io/secret-type: cluster, env: staging}
            stringData: {name: staging-west, server: 'https://west.example:6443'}
            """);
        var file = _dir.Write("clusters.yaml", """
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: guestbook}
            spec:
              generators:
                - clusters:
                    selector:
                      matchExpressions: [{key: env, operator: In, values: [prod, staging]}]
                    values: {owner: 'owner-{{metadata.annotations.owner}}'}
                - clusters: {}
              template:
                metadata: {name: 'guestbook-{{name}}', labels: {owner: '{{values.owner}}'}}
                spec:
                  project: default
                  source: {repoURL: 'https://example.com/r.git', path: guestbook}
                  destination: {server: '{{server}}', namespace: guestbook}
            """);

        var result = await RunAsync("appset", "generate", "-f", file, "--settings", Path.Combine(_dir.Path, "settings"), "-o", "json");

        Assert.True(result.ExitCode == 1, result.StandardError);
        // The second generator also yields prod-east and staging-west: a collision naming both elements, the first kept.
        Assert.Contains("ApplicationNameCollision", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-token", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        var items = JsonNode.Parse(result.StandardOutput)!["items"]!.AsArray();
        Assert.Equal(["guestbook-prod-east", "guestbook-staging-west", "guestbook-in-cluster"], items.Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal("owner-team-a", items[0]!["metadata"]!["labels"]!["owner"]!.GetValue<string>());
        Assert.Equal("https://west.example:6443", items[1]!["spec"]!["destination"]!["server"]!.GetValue<string>());
    }

    private Task<Hawser.Processes.ProcessResult> RunAsync(params string[] arguments) =>
        HawserProcess.RunAsync(Path.Combine(_dir.Path, "data"), arguments);
}
