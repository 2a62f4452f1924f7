using Hawser.Kubernetes;
using Hawser.Testing;

namespace Hawser.Core.Tests.Kubernetes;

/// <summary>Kubeconfig files written by the real kubectl, read back as kubectl would.</summary>
public sealed class KubeconfigLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new("hawser-kubeconfig");
    private readonly TestCertificates _certificates = new();

    public void Dispose()
    {
        _certificates.Dispose();
        _dir.Dispose();
    }

    private KubectlConfig Config(string name = "config") => new(Path.Combine(_dir.Path, name), _dir.Path);

    private static ClusterSettings Resolve(string path, string? context = null, KubeconfigLoadOptions? options = null) =>
        KubeconfigLoader.Resolve(KubeconfigLoader.LoadMerged(path, null, null), context, options ?? KubeconfigLoadOptions.UserProvided, TimeProvider.System);

    [Fact]
    public async Task A_token_user_with_an_embedded_CA_resolves_server_namespace_CA_and_bearer_token()
    {
        _dir.Write("ca.crt", _certificates.AuthorityPem);
        var config = await Config().RunAsync("set-cluster", "dev", "--server=https://127.0.0.1:6443/prefix", "--certificate-authority=ca.crt", "--embed-certs=true");
        await config.RunAsync("set-credentials", "alice", "--token=s3cr3t-token");
        await config.RunAsync("set-context", "dev", "--cluster=dev", "--user=alice", "--namespace=team-a");
        await config.RunAsync("use-context", "dev");

        var settings = Resolve(config.Path);

        Assert.Equal("dev", settings.ContextName);
        Assert.Equal(new Uri("https://127.0.0.1:6443/prefix"), settings.Server);
        Assert.Equal("team-a", settings.Namespace);
        Assert.Equal(_certificates.Authority.Thumbprint, Assert.Single(settings.CertificateAuthorities).Thumbprint);
        var credential = await settings.Credentials.GetAsync(TestTimeout.Token());
        Assert.Equal("Bearer s3cr3t-token", credential.Authorization);
        Assert.DoesNotContain("s3cr3t", credential.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_authority_given_by_a_relative_path_is_read_from_the_kubeconfig_folder()
    {
        _dir.Write("certs/ca.crt", _certificates.AuthorityPem);
        var config = await Config().RunAsync("set-cluster", "dev", "--server=https://kube.example:443", "--certificate-authority=certs/ca.crt",
            "--tls-server-name=api.internal", "--proxy-url=http://proxy.example:3128");
        await config.RunAsync("set-context", "dev", "--cluster=dev");

        var settings = Resolve(config.Path, "dev");

        Assert.Single(settings.CertificateAuthorities);
        Assert.Equal("default", settings.Namespace);
        Assert.Equal("api.internal", settings.ExpectedHost);
        Assert.Equal(new Uri("http://proxy.example:3128"), settings.ProxyUrl);
        Assert.Null((await settings.Credentials.GetAsync(TestTimeout.Token())).Authorization);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public async Task A_client_certificate_with_an_RSA_or_EC_key_loads_embedded_or_by_path(bool ec, bool embed)
    {
        var (cert, key) = _certificates.IssueClient("admin", ec);
        _dir.Write("client.crt", cert);
        _dir.Write("client.key", key);
        var config = await Config().RunAsync("set-cluster", "dev", "--server=https://127.0.0.1:6443", "--insecure-skip-tls-verify=true");
        await config.RunAsync("set-credentials", "admin", "--client-certificate=client.crt", "--client-key=client.key", $"--embed-certs={embed.ToString().ToLowerInvariant()}");
        await config.RunAsync("set-context", "dev", "--cluster=dev", "--user=admin");

        var settings = Resolve(config.Path, "dev");

        Assert.True(settings.InsecureSkipTlsVerify);
        var credential = await settings.Credentials.GetAsync(TestTimeout.Token());
        Assert.NotNull(credential.Certificate);
        Assert.True(credential.Certificate.HasPrivateKey);
        Assert.Equal("CN=admin", credential.Certificate.Subject);
    }

    [Fact]
    public async Task Basic_auth_becomes_a_basic_authorization_header()
    {
        var config = await Config().RunAsync("set-cluster", "dev", "--server=http://127.0.0.1:8080");
        await config.RunAsync("set-credentials", "bob", "--username=bob", "--password=hunter2");
        await config.RunAsync("set-context", "dev", "--cluster=dev", "--user=bob");

        var credential = await Resolve(config.Path, "dev").Credentials.GetAsync(TestTimeout.Token());

        Assert.Equal("Basic " + Convert.ToBase64String("bob:hunter2"u8.ToArray()), credential.Authorization);
    }

    [Fact]
    public async Task A_token_file_is_read_and_reread_after_invalidation()
    {
        var tokenFile = _dir.Write("token", "first-token\n");
        var config = await Config().RunAsync("set-cluster", "dev", "--server=http://127.0.0.1:8080");
        await config.RunAsync("set-credentials", "sa", "--token=placeholder");
        await config.RunAsync("unset", "users.sa.token");
        await config.RunAsync("set", "users.sa.tokenFile", "token");
        await config.RunAsync("set-context", "dev", "--cluster=dev", "--user=sa");
        var settings = Resolve(config.Path, "dev");

        Assert.Equal("Bearer first-token", (await settings.Credentials.GetAsync(TestTimeout.Token())).Authorization);
        File.WriteAllText(tokenFile, "second-token");
        Assert.True(settings.Credentials.Invalidate());
        Assert.Equal("Bearer second-token", (await settings.Credentials.GetAsync(TestTimeout.Token())).Authorization);
    }

    [Fact]
    public async Task Merged_files_keep_the_first_definition_of_each_name_and_the_first_current_context()
    {
        var first = await Config("first").RunAsync("set-cluster", "shared", "--server=https://first.example");
        await first.RunAsync("set-credentials", "u", "--token=from-first");
        await first.RunAsync("set-context", "one", "--cluster=shared", "--user=u", "--namespace=ns-first");
        var second = await Config("second").RunAsync("set-cluster", "shared", "--server=https://second.example");
        await second.RunAsync("set-cluster", "only-second", "--server=https://only-second.example");
        await second.RunAsync("set-credentials", "u", "--token=from-second");
        await second.RunAsync("set-context", "one", "--cluster=only-second", "--user=u");
        await second.RunAsync("set-context", "two", "--cluster=only-second", "--user=u", "--namespace=ns-two");
        await second.RunAsync("use-context", "two");
        var missing = Path.Combine(_dir.Path, "missing");

        var merged = KubeconfigLoader.LoadMerged(null, string.Join(':', first.Path, missing, second.Path), null);

        Assert.Equal("two", merged.CurrentContext);
        var current = KubeconfigLoader.Resolve(merged, null, KubeconfigLoadOptions.UserProvided, TimeProvider.System);
        Assert.Equal(new Uri("https://only-second.example"), current.Server);
        Assert.Equal("ns-two", current.Namespace);
        Assert.Equal("Bearer from-first", (await current.Credentials.GetAsync(TestTimeout.Token())).Authorization);
        var one = KubeconfigLoader.Resolve(merged, "one", KubeconfigLoadOptions.UserProvided, TimeProvider.System);
        Assert.Equal(new Uri("https://first.example"), one.Server);
        Assert.Equal("ns-first", one.Namespace);
    }

    [Fact]
    public void An_explicit_kubeconfig_that_does_not_exist_is_an_error_naming_it()
    {
        var path = Path.Combine(_dir.Path, "nope");
        var error = Assert.Throws<KubeconfigException>(() => KubeconfigLoader.LoadMerged(path, null, null));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_kubeconfig_the_error_says_where_one_is_looked_for()
    {
        var error = Assert.Throws<KubeconfigException>(() => KubeconfigLoader.LoadMerged(null, null, _dir.Path));
        Assert.Contains("KUBECONFIG", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_context_is_an_error_naming_it()
    {
        var config = await Config().RunAsync("set-cluster", "dev", "--server=https://x.example");
        await config.RunAsync("set-context", "dev", "--cluster=dev");

        var error = Assert.Throws<KubeconfigException>(() => Resolve(config.Path, "prod"));

        Assert.Contains("context \"prod\" not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_untrusted_kubeconfig_may_not_run_exec_plugins()
    {
        var config = await Config().RunAsync("set-cluster", "dev", "--server=https://x.example");
        await config.RunAsync("set-credentials", "u", "--exec-command=/bin/sh", "--exec-arg=-c", "--exec-arg=touch /tmp/pwned",
            "--exec-api-version=client.authentication.k8s.io/v1", "--exec-interactive-mode=Never");
        await config.RunAsync("set-context", "dev", "--cluster=dev", "--user=u");

        var error = Assert.Throws<KubeconfigException>(() => KubernetesClientFactory.FromKubeconfigText(File.ReadAllText(config.Path), "dev"));

        Assert.Contains("exec credential plugins are not allowed", error.Message, StringComparison.Ordinal);
        Assert.Throws<KubeconfigException>(() => Resolve(config.Path, "dev", new KubeconfigLoadOptions(AllowExec: false)));
    }

    [Fact]
    public async Task An_untrusted_kubeconfig_may_not_reference_local_files()
    {
        _dir.Write("token", "local-service-account-token");
        var config = await Config().RunAsync("set-cluster", "dev", "--server=https://attacker.example");
        await config.RunAsync("set", "users.u.tokenFile", Path.Combine(_dir.Path, "token"));
        await config.RunAsync("set-context", "dev", "--cluster=dev", "--user=u");

        var error = Assert.Throws<KubeconfigException>(() => KubernetesClientFactory.FromKubeconfigText(File.ReadAllText(config.Path), "dev"));

        Assert.Contains("tokenFile may not name a local file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_embedded_key_is_reported_without_its_content()
    {
        var (cert, _) = _certificates.IssueClient("admin", ec: false);
        _dir.Write("client.crt", cert);
        _dir.Write("client.key", "-----BEGIN RSA PRIVATE KEY-----\nTOPSECRETKEYMATERIAL\n-----END RSA PRIVATE KEY-----\n");
        var config = await Config().RunAsync("set-cluster", "dev", "--server=https://x.example");
        await config.RunAsync("set-credentials", "admin", "--client-certificate=client.crt", "--client-key=client.key", "--embed-certs=true");
        await config.RunAsync("set-context", "dev", "--cluster=dev", "--user=admin");

        var error = Assert.Throws<KubeconfigException>(() => Resolve(config.Path, "dev"));

        Assert.Contains("user \"admin\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TOPSECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_cluster_configuration_reads_the_service_account_folder()
    {
        _dir.Write("sa/token", "pod-token");
        _dir.Write("sa/ca.crt", _certificates.AuthorityPem);
        _dir.Write("sa/namespace", "hawser-system");
        var env = new Dictionary<string, string?> { ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" };

        var settings = InClusterConfig.Load(n => env.GetValueOrDefault(n), TimeProvider.System, Path.Combine(_dir.Path, "sa"));

        Assert.Equal(new Uri("https://10.0.0.1:443"), settings.Server);
        Assert.Equal("hawser-system", settings.Namespace);
        Assert.Single(settings.CertificateAuthorities);
        Assert.True(InClusterConfig.IsAvailable(n => env.GetValueOrDefault(n), Path.Combine(_dir.Path, "sa")));
    }

    [Fact]
    public async Task The_contexts_of_a_kubeconfig_are_listed_with_their_servers_and_the_current_one_marked()
    {
        var config = await Config().RunAsync("set-cluster", "prod", "--server=https://prod.example:6443");
        await config.RunAsync("set-cluster", "dev", "--server=https://dev.example:6443");
        await config.RunAsync("set-context", "prod", "--cluster=prod", "--namespace=shop");
        await config.RunAsync("set-context", "dev", "--cluster=dev");
        await config.RunAsync("use-context", "prod");

        var contexts = KubernetesClientFactory.ListContexts(config.Path);

        Assert.Equal(
            [new KubeconfigContextInfo("dev", "dev", "https://dev.example:6443", "default", false), new KubeconfigContextInfo("prod", "prod", "https://prod.example:6443", "shop", true)],
            contexts);
    }
}
