using Hawser.Apps;
using Hawser.Core.Tests.Kubernetes;
using Hawser.Kubernetes;
using Hawser.Sandbox;
using Hawser.Settings;
using Hawser.Testing;

namespace Hawser.Core.Tests.Settings;

/// <summary>Cluster Secrets against real sandboxes: the kubeconfig's cluster is one sandbox, the Secret names a second one.</summary>
public sealed class ClusterSecretTests : IAsyncLifetime
{
    private SandboxServer _local = null!;
    private SandboxServer _remote = null!;

    public async Task InitializeAsync()
    {
        _local = await SandboxServer.StartAsync(new SandboxOptions(), TestTimeout.Token());
        _remote = await SandboxServer.StartAsync(new SandboxOptions(), TestTimeout.Token());
    }

    public async Task DisposeAsync()
    {
        await _local.DisposeAsync();
        await _remote.DisposeAsync();
    }

    private string ClusterSecret(string name, string token, string extra = "", string secretName = "cluster-prod") => SettingsFiles.Secret(secretName, $$"""
        name: {{name}}
        server: {{_remote.BaseAddress.ToString().TrimEnd('/')}}
        namespaces: team-a,team-b
        clusterResources: "true"
        project: platform
        config: |
          {"bearerToken": "{{token}}", "tlsClientConfig": {"insecure": false, "caData": "{{SettingsFiles.Base64(_remote.CaCertificatePem)}}"}{{extra}}}
        """, "argocd.argoproj.io/secret-type: cluster\nenv: prod");

    [Fact]
    public async Task A_cluster_secret_is_read_with_its_fields()
    {
        using var dir = new TempDirectory();
        dir.Write("cluster.yaml", ClusterSecret("prod", _remote.Token));

        var cluster = Assert.Single((await SettingsFiles.LoadAsync(dir)).Clusters.Clusters);

        Assert.Equal(("prod", "cluster-prod", "platform", true), (cluster.Name, cluster.SecretName, cluster.Project, cluster.ClusterResources));
        Assert.Equal(["team-a", "team-b"], cluster.Namespaces);
        Assert.Equal("prod", cluster.Labels["env"]);
        Assert.Equal(_remote.Token, cluster.Config.BearerToken!.Reveal());
        Assert.False(cluster.Config.Tls.Insecure);
        Assert.DoesNotContain(_remote.Token, cluster.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_remote.Token, cluster.Config.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_destination_by_name_or_server_reaches_the_cluster_of_its_secret_and_in_cluster_stays_local()
    {
        using var dir = new TempDirectory();
        dir.Write("cluster.yaml", ClusterSecret("prod", _remote.Token));
        var settings = await SettingsFiles.LoadAsync(dir);
        using var connector = new ClusterConnector(_local.KubeconfigPath, null, clusters: settings.Clusters);

        var byName = connector.Connect(new ApplicationDestination(null, "prod", ""));
        var byServer = connector.Connect(new ApplicationDestination(_remote.BaseAddress.ToString(), null, ""));
        var local = connector.Connect(new ApplicationDestination(ClusterConnector.InClusterServer, null, ""));
        await byName.Client.ApplyAsync(Objects.Namespace("only-on-remote"), new ApplyOptions(), TestTimeout.Token());

        Assert.Same(byName, byServer);
        using var remoteDirect = KubernetesClientFactory.FromKubeconfig(_remote.KubeconfigPath);
        Assert.NotNull(await remoteDirect.Client.GetAsync(Objects.Namespaces, "", "only-on-remote", TestTimeout.Token()));
        Assert.Null(await local.Client.GetAsync(Objects.Namespaces, "", "only-on-remote", TestTimeout.Token()));
    }

    [Fact]
    public async Task A_destination_by_name_gets_its_cluster_server_for_project_checks()
    {
        using var dir = new TempDirectory();
        dir.Write("cluster.yaml", ClusterSecret("prod", _remote.Token));
        var settings = await SettingsFiles.LoadAsync(dir);
        using var connector = new ClusterConnector(_local.KubeconfigPath, null, clusters: settings.Clusters);
        var app = AppDefinition.Read("""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: a, namespace: argocd}
            spec:
              project: default
              source: {repoURL: https://git.example.com/r.git, path: .}
              destination: {name: prod, namespace: web}
            """, "a.yaml").Apps.Single().Application;

        Assert.Equal(_remote.BaseAddress.ToString().TrimEnd('/'), connector.WithResolvedServer(app).Spec.Destination.Server);
        Assert.Equal(ClusterConnector.InClusterServer, connector.WithResolvedServer(app with { Spec = app.Spec with { Destination = new ApplicationDestination(null, "in-cluster", "web") } }).Spec.Destination.Server);
        Assert.Null(connector.WithResolvedServer(app with { Spec = app.Spec with { Destination = new ApplicationDestination(null, "unknown", "web") } }).Spec.Destination.Server);
    }

    [Fact]
    public async Task A_wrong_token_fails_with_a_message_that_never_shows_the_token()
    {
        using var dir = new TempDirectory();
        const string wrong = "wrong-token-0123456789abcdef0123456789";
        dir.Write("cluster.yaml", ClusterSecret("prod", wrong));
        var settings = await SettingsFiles.LoadAsync(dir);
        using var connector = new ClusterConnector(_local.KubeconfigPath, null, clusters: settings.Clusters);
        var connection = connector.Connect(new ApplicationDestination(null, "prod", ""));

        var e = await Assert.ThrowsAnyAsync<KubernetesApiException>(() => connection.Client.GetAsync(Objects.Namespaces, "", "default", TestTimeout.Token()));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, e.Code);
        Assert.DoesNotContain(wrong, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_foreign_ca_is_refused()
    {
        using var dir = new TempDirectory();
        dir.Write("cluster.yaml", ClusterSecret("prod", _remote.Token).Replace(SettingsFiles.Base64(_remote.CaCertificatePem), SettingsFiles.Base64(_local.CaCertificatePem), StringComparison.Ordinal));
        var settings = await SettingsFiles.LoadAsync(dir);
        using var connector = new ClusterConnector(_local.KubeconfigPath, null, clusters: settings.Clusters);
        var connection = connector.Connect(new ApplicationDestination(null, "prod", ""));

        await Assert.ThrowsAsync<KubernetesConnectionException>(() => connection.Client.GetAsync(Objects.Namespaces, "", "default", TestTimeout.Token()));
    }

    [Fact]
    public async Task An_exec_provider_runs_only_when_the_settings_source_is_trusted()
    {
        using var dir = new TempDirectory();
        // A real client-go exec plugin: prints an ExecCredential carrying the remote sandbox's token.
        var plugin = dir.Write("bin/token-plugin.sh", """
            #!/bin/sh
            printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}' "$TOKEN"
            """);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var exec = $$$""", "execProviderConfig": {"command": "{{{plugin}}}", "apiVersion": "client.authentication.k8s.io/v1beta1", "env": {"TOKEN": "{{{_remote.Token}}}"}}""";
        dir.Write("settings/cluster.yaml", ClusterSecret("prod", "", exec));
        var destination = new ApplicationDestination(null, "prod", "");

        var untrusted = await HawserSettings.LoadAsync(new DirectorySettingsSource(Path.Combine(dir.Path, "settings")), TestTimeout.Token());
        using (var connector = new ClusterConnector(_local.KubeconfigPath, null, clusters: untrusted.Clusters))
        {
            var e = Assert.Throws<KubeconfigException>(() => connector.Connect(destination));
            Assert.Contains("--settings-allow-exec", e.Message, StringComparison.Ordinal);
        }

        var trusted = await HawserSettings.LoadAsync(new DirectorySettingsSource(Path.Combine(dir.Path, "settings"), trustsExecProviders: true), TestTimeout.Token());
        using (var connector = new ClusterConnector(_local.KubeconfigPath, null, clusters: trusted.Clusters))
        {
            var connection = connector.Connect(destination);
            Assert.NotNull(await connection.Client.GetAsync(Objects.Namespaces, "", "default", TestTimeout.Token()));
        }
    }

    [Fact]
    public async Task Unsupported_config_fields_are_warned_by_name_and_bad_config_is_an_error_without_its_text()
    {
        using var dir = new TempDirectory();
        dir.Write("a.yaml", ClusterSecret("prod", _remote.Token, """, "awsAuthConfig": {"clusterName": "x"}, "proxyUrl": "http://proxy:3128" """));
        var warnings = (await SettingsFiles.LoadAsync(dir)).Warnings.Select(w => w.Key).ToList();
        Assert.Equal(["config.awsAuthConfig", "config.proxyUrl"], warnings);

        dir.Write("a.yaml", SettingsFiles.Secret("broken", """
            server: https://x.example
            config: '{"bearerToken": "leaky-token-value'
            """, "argocd.argoproj.io/secret-type: cluster"));
        var e = await Assert.ThrowsAsync<SettingsException>(() => SettingsFiles.LoadAsync(dir));
        Assert.Contains("Secret/broken", e.Message, StringComparison.Ordinal);
        Assert.Contains("config: is not valid JSON", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("leaky-token-value", e.Message, StringComparison.Ordinal);
    }
}
