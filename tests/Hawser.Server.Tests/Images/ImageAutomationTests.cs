using System.Text;
using System.Text.Json.Nodes;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.Processes;
using Hawser.Settings;
using Hawser.State;
using Hawser.Testing;

namespace Hawser.Server.Tests.Images;

/// <summary>
/// Image update automation in a running server, end to end: images pushed to real Debian <c>docker-registry</c> instances
/// through the distribution API, Applications carrying Argo CD Image Updater's annotations, a Git write-back to the
/// smart-HTTP Git server with credentials (or overrides kept by Hawser), and the new image running in the sandbox.
/// </summary>
public sealed class ImageAutomationTests : IAsyncLifetime
{
    private static readonly GroupVersionKind DeploymentKind = new("apps", "v1", "Deployment");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private ServerHarness _h = null!;

    private CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync() => _h = await ServerHarness.CreateAsync();

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task The_newest_main_build_is_committed_in_Image_Updater_s_file_with_the_repo_credentials_and_then_deployed()
    {
        await using var registry = await OciRegistry.StartAsync(Ct);
        await using var git = await GitHttpServer.StartAsync(Ct);
        _h.ForbidInOutput(git.Password);
        using var images = new TestImages(registry);
        var now = DateTimeOffset.UtcNow;
        var image = $"{registry.Host}/team/web";
        await images.PushImageAsync("team/web", "main-1", now.AddHours(-3), Ct, layers: 1, layerSize: 64);
        await images.PushImageAsync("team/web", "main-2", now.AddHours(-2), Ct, layers: 1, layerSize: 64);
        await images.PushImageAsync("team/web", "1.4.0", now.AddHours(-1), Ct, layers: 1, layerSize: 64);
        var deploy = await git.CreateRepositoryAsync("deploy", Ct);
        await deploy.Write("web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n")
            .Write("web/values.yaml", $"image:\n  name: {image}\n  tag: main-1\n")
            .Write("web/templates/deployment.yaml", Deployment("web", "{{ .Values.image.name }}:{{ .Values.image.tag }}"))
            .CommitAsync("web chart", Ct);
        var settings = await SettingsAsync($"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: deploy-repo
              namespace: argocd
              labels: {"{"}argocd.argoproj.io/secret-type: repository{"}"}
            stringData:
              url: {git.UrlOf("deploy")}
              username: {git.Username}
              password: {git.Password}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {"{"}name: argocd-image-updater-config, namespace: argocd{"}"}
            data:
              git.user: release-bot
              git.email: release-bot@example.com
              registries.conf: |
                registries:
                - name: local
                  prefix: {registry.Host}
                  api_url: http://{registry.Host}
                  limit: 50
            """);
        await _h.Repo.Write("apps/web.yaml", $"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: web
              annotations:
                argocd-image-updater.argoproj.io/image-list: web={image}
                argocd-image-updater.argoproj.io/web.update-strategy: newest-build
                argocd-image-updater.argoproj.io/web.allow-tags: regexp:^main
                argocd-image-updater.argoproj.io/write-back-method: git
            spec:
              project: default
              source: {"{"}repoURL: {git.UrlOf("deploy")}, targetRevision: main, path: web{"}"}
              destination: {"{"}server: https://kubernetes.default.svc, namespace: web{"}"}
              syncPolicy:
                automated: {"{"}prune: true, selfHeal: true{"}"}
                syncOptions: [CreateNamespace=true]
            """).CommitAsync("web app", Ct);

        await _h.StartServerAsync(o => o with { Settings = settings, ImageUpdateInterval = TimeSpan.FromSeconds(1) });

        await ImageAsync("web", "web", $"{image}:main-2");
        using (var clone = await CloneAsync(git, "deploy"))
        {
            Assert.Equal($"""
                helm:
                  parameters:
                  - name: image.name
                    value: {image}
                    forcestring: true
                  - name: image.tag
                    value: main-2
                    forcestring: true

                """, await File.ReadAllTextAsync(Path.Combine(clone.Path, "web/.argocd-source-web.yaml"), Ct));
            Assert.Equal("release-bot <release-bot@example.com>|build: automatic update of web", await GitAsync(clone.Path, ["log", "-1", "--format=%an <%ae>|%s"]));
            Assert.Contains("tag: main-1", await File.ReadAllTextAsync(Path.Combine(clone.Path, "web/values.yaml"), Ct), StringComparison.Ordinal);
        }

        // A newer build of main arrives: the next pass commits and the app deploys it.
        await images.PushImageAsync("team/web", "main-3", now.AddMinutes(-30), Ct, layers: 1, layerSize: 64);
        await ImageAsync("web", "web", $"{image}:main-3");
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web"), "web Synced and Healthy at main-3");

        var audit = await _h.Server!.Store.Audit.QueryAsync(new AuditQuery(App: "web", Actor: "controller"), Ct);
        Assert.Equal(2, audit.Count(a => a.Action == "update-image" && a.Outcome == AuditOutcome.Succeeded));
        Assert.Contains(audit, a => a.Detail.Contains("main-3", StringComparison.Ordinal));
        Assert.Contains(_h.Logs.Lines, l => l.Contains($"Updated images of web in Git: web {image}:main-3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_highest_semver_within_the_constraint_becomes_an_override_kept_by_Hawser_that_survives_a_restart()
    {
        await using var registry = await OciRegistry.StartAsync(Ct, OciRegistryAuthScheme.Basic);
        using var images = new TestImages(registry);
        var image = $"{registry.Host}/lib/api";
        foreach (var tag in new[] { "1.2.0", "1.2.7", "1.2.10-rc.1", "1.3.0", "2.0.0", "latest" })
        {
            await images.PushImageAsync("lib/api", tag, DateTimeOffset.UtcNow, Ct, layers: 1, layerSize: 64);
        }
        // The pull secret the annotation names lives in the cluster, as Image Updater reads it.
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{registry.Username}:{registry.Password}"));
        var dockerConfig = Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["auths"] = new JsonObject { [registry.Host] = new JsonObject { ["auth"] = auth } },
        }.ToJsonString()));
        await _h.Cluster.CreateAsync(KubeObject.ParseJson("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"argocd"}}"""), new WriteOptions(), Ct);
        await _h.Cluster.CreateAsync(KubeObject.ParseJson($$$"""
            {"apiVersion":"v1","kind":"Secret","type":"kubernetes.io/dockerconfigjson","metadata":{"name":"regcred","namespace":"argocd"},
             "data":{".dockerconfigjson":"{{{dockerConfig}}}"}}
            """), new WriteOptions(), Ct);
        await _h.Repo.Write("api/kustomization.yaml", "resources: [deployment.yaml]\n")
            .Write("api/deployment.yaml", Deployment("api", $"{image}:1.2.0"))
            .Write("apps/api.yaml", _h.Application("api", "api", "api", annotations: $$"""

                    argocd-image-updater.argoproj.io/image-list: api={{image}}:~1.2
                    argocd-image-updater.argoproj.io/api.pull-secret: pullsecret:argocd/regcred
                    argocd-image-updater.argoproj.io/write-back-method: argocd
                """))
            .CommitAsync("api app", Ct);
        var head = await _h.Repo.HeadAsync(Ct);

        await _h.StartServerAsync(o => o with { ImageUpdateInterval = TimeSpan.FromSeconds(1) });

        await ImageAsync("api", "api", $"{image}:1.2.7");
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("api"), "api Synced and Healthy with the override");
        var stored = Assert.Single(await _h.Server!.Store.ParameterOverrides.ListAsync(Ct));
        Assert.Equal(("api", $"{image}:1.2.7"), (stored.App, Assert.Single(stored.KustomizeImages)));
        Assert.Equal(head, await _h.Repo.HeadAsync(Ct));

        // Without automation, the kept override still renders: the app stays Synced at 1.2.7 instead of healing back to Git's 1.2.0.
        await _h.StopServerAsync();
        await _h.StartServerAsync(o => o with { ImageUpdateInterval = TimeSpan.Zero });
        await _h.EventuallyAsync(() => _h.Controller.IsReady && _h.SyncedAndHealthy("api"), "api refreshed after the restart and Synced");
        Assert.Equal($"{image}:1.2.7", await LiveImageAsync("api", "api"));
    }

    private static string Deployment(string name, string image) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{{name}}}}
        spec:
          replicas: 1
          selector: {matchLabels: {app: {{{name}}}}}
          template:
            metadata: {labels: {app: {{{name}}}}}
            spec: {containers: [{name: {{{name}}}, image: "{{{image}}}"}]}
        """;

    private async Task<HawserSettings> SettingsAsync(string objects)
    {
        var directory = _h.DataDirectory + "-settings";
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "settings.yaml"), objects, Ct);
        return await HawserSettings.LoadAsync(new DirectorySettingsSource(directory), Ct);
    }

    private async Task<string?> LiveImageAsync(string ns, string name) =>
        (await _h.Cluster.GetAsync(DeploymentKind, ns, name, Ct))?.Body["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.GetValue<string>();

    private Task ImageAsync(string ns, string name, string image) =>
        ServerHarness.EventuallyAsync(async () => await LiveImageAsync(ns, name) == image, $"Deployment {ns}/{name} running {image}");

    private async Task<TempDirectory> CloneAsync(GitHttpServer git, string repo)
    {
        var clone = new TempDirectory("hawser-clone");
        var url = git.UrlOf(repo).Replace("http://", $"http://{git.Username}:{git.Password}@", StringComparison.Ordinal);
        await GitAsync(clone.Path, ["-c", "credential.helper=", "clone", "--quiet", url, "."]);
        return clone;
    }

    private async Task<string> GitAsync(string directory, IReadOnlyList<string> arguments) =>
        (await ProcessRunner.RunCheckedAsync(new ProcessSpec(Tools.Git, arguments, directory, TimeSpan.FromMinutes(1)), Ct)).StandardOutput.Trim();
}
