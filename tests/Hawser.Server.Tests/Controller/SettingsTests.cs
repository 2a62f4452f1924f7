using System.Text;
using Hawser.Controller;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.Sandbox;
using Hawser.Settings;
using Hawser.State;
using Hawser.Testing;

namespace Hawser.Server.Tests.Controller;

/// <summary>Argo CD's settings objects, read from a settings directory, change what the server does.</summary>
public sealed class SettingsTests : IAsyncLifetime
{
    private ServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ServerHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_Lua_health_check_from_argocd_cm_decides_an_apps_health()
    {
        var settingsDir = Path.Combine(_h.DataDirectory + "-settings");
        Directory.CreateDirectory(settingsDir);
        await File.WriteAllTextAsync(Path.Combine(settingsDir, "argocd-cm.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-cm, namespace: argocd}
            data:
              resource.customizations.health._ConfigMap: |
                hs = {}
                if obj.data ~= nil and obj.data.value == "broken" then
                  hs.status = "Degraded"
                  hs.message = "the value says it is broken"
                else
                  hs.status = "Healthy"
                end
                return hs
            """);
        var settings = await HawserSettings.LoadAsync(new DirectorySettingsSource(settingsDir), CancellationToken.None);
        await _h.Repo.Write("apps/ok.yaml", _h.Application("ok", "ok", "ok"))
            .Write("apps/bad.yaml", _h.Application("bad", "bad", "bad", syncPolicy: "automated: {prune: true}"))
            .Write("ok/cm.yaml", ServerHarness.ConfigMap("settings", "fine"))
            .Write("bad/cm.yaml", ServerHarness.ConfigMap("settings", "broken")).CommitAsync("two apps", CancellationToken.None);
        await _h.StartServerAsync(o => o with { Settings = settings });

        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("ok"), "ok Synced and Healthy");
        await _h.EventuallyAsync(() => _h.Controller.StatusOf("bad") is { Health.Status: Health.HealthStatus.Degraded }, "bad Degraded by the custom check");
        Assert.Contains("broken", _h.Controller.StatusOf("bad")!.Health.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_and_repository_Secrets_and_argocd_cm_rules_steer_the_server_and_no_secret_value_is_kept()
    {
        var configMaps = new GroupVersionKind("", "v1", "ConfigMap");
        await using var remote = await SandboxServer.StartAsync(new SandboxOptions(), CancellationToken.None);
        await using var git = await GitHttpServer.StartAsync(CancellationToken.None);
        var repo = await git.CreateRepositoryAsync("config", CancellationToken.None);
        // The app's kustomization reaches outside its folder: only argocd-cm's kustomize.buildOptions allow that.
        await repo.Write(new Dictionary<string, string>
        {
            ["apps/web.yaml"] = $$$"""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web}
                spec:
                  project: default
                  source: {repoURL: "{{{git.UrlOf("config")}}}", targetRevision: main, path: web}
                  destination: {name: remote, namespace: web}
                  syncPolicy:
                    automated: {prune: true, selfHeal: true}
                    syncOptions: [CreateNamespace=true]
                """,
            ["shared/cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {value: git, mutable: git}\n",
            ["web/kustomization.yaml"] = "resources:\n- ../shared/cm.yaml\n",
        }).CommitAsync("web", CancellationToken.None);
        var settingsDir = _h.DataDirectory + "-settings";
        Directory.CreateDirectory(settingsDir);
        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(remote.CaCertificatePem));
        await File.WriteAllTextAsync(Path.Combine(settingsDir, "argocd-cm.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-cm, namespace: argocd}
            data:
              kustomize.buildOptions: --load-restrictor LoadRestrictionsNone
              resource.customizations.ignoreDifferences.ConfigMap: |
                jsonPointers:
                - /data/mutable
            """);
        await File.WriteAllTextAsync(Path.Combine(settingsDir, "secrets.yaml"), $$$"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: cluster-remote
              namespace: argocd
              labels: {argocd.argoproj.io/secret-type: cluster}
            stringData:
              name: remote
              server: {{{remote.BaseAddress.ToString().TrimEnd('/')}}}
              config: |
                {"bearerToken": "{{{remote.Token}}}", "tlsClientConfig": {"caData": "{{{ca}}}"}}
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: config-repo
              namespace: argocd
              labels: {argocd.argoproj.io/secret-type: repository}
            stringData:
              url: {{{git.UrlOf("config")}}}
              username: {{{git.Username}}}
              password: {{{git.Password}}}
            """);
        var settings = await HawserSettings.LoadAsync(new DirectorySettingsSource(settingsDir), CancellationToken.None);
        await _h.StartServerAsync(o => o with { Settings = settings, Roots = [new RootSource.Repository(git.UrlOf("config"), "apps", "main")] });

        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web"), "web Synced and Healthy on the remote cluster (named by its cluster Secret, permitted by the default project)");
        using var cluster = KubernetesClientFactory.FromKubeconfig(remote.KubeconfigPath, null);
        var live = await cluster.Client.GetAsync(configMaps, "web", "settings", CancellationToken.None);
        Assert.Equal("git", live?.Body["data"]?["value"]?.GetValue<string>());
        Assert.Null(await _h.ConfigMapValueAsync("web", "settings"));

        // A field argocd-cm ignores may drift (the app stays Synced, nothing is healed); any other is healed.
        await cluster.Client.PatchAsync(configMaps, "web", "settings", PatchType.Merge, """{"data":{"mutable":"edited"}}""", new WriteOptions(FieldManager: "kubectl-edit"), CancellationToken.None);
        _h.Controller.Refresh("web");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(AppSyncStatus.Synced, _h.Controller.StatusOf("web")!.Sync);
        var ignored = await cluster.Client.GetAsync(configMaps, "web", "settings", CancellationToken.None);
        Assert.Equal("edited", ignored?.Body["data"]?["mutable"]?.GetValue<string>());
        await cluster.Client.PatchAsync(configMaps, "web", "settings", PatchType.Merge, """{"data":{"value":"edited"}}""", new WriteOptions(FieldManager: "kubectl-edit"), CancellationToken.None);
        await ServerHarness.EventuallyAsync(async () =>
            (await cluster.Client.GetAsync(configMaps, "web", "settings", CancellationToken.None))?.Body["data"]?["value"]?.GetValue<string>() == "git", "value healed");

        await _h.StopServerAsync();
        // Every file but the empty git lock files, which a git process may still hold while it is being stopped.
        var locks = Path.Combine(_h.DataDirectory, "cache", "git", "locks") + Path.DirectorySeparatorChar;
        foreach (var file in Directory.EnumerateFiles(_h.DataDirectory, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(locks, StringComparison.Ordinal)))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            foreach (var secret in new[] { git.Password, remote.Token })
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{file} holds a secret value");
        }
    }

    [Fact]
    public async Task An_app_naming_a_plugin_given_to_the_server_renders_through_it()
    {
        var plugins = _h.DataDirectory + "-plugins.yaml";
        await File.WriteAllTextAsync(plugins, """
            apiVersion: argoproj.io/v1alpha1
            kind: ConfigManagementPlugin
            metadata: {name: stamp}
            spec:
              generate:
                command: [sh, -c]
                args: ['printf "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {value: %s}\n" "stamped-$ARGOCD_APP_NAME"']
            """);
        await _h.Repo.Write("apps/web.yaml", _h.Application("web", "web", "web").Replace("path: web}", "path: web, plugin: {name: stamp}}", StringComparison.Ordinal))
            .Write("web/README", "rendered by the stamp plugin").CommitAsync("web", CancellationToken.None);
        await _h.StartServerAsync(o => o with { PluginsPath = plugins });

        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web"), "web Synced and Healthy");
        Assert.Equal("stamped-web", await _h.ConfigMapValueAsync("web", "settings"));
    }
}
