using System.Text;
using Hawser.Apps;
using Hawser.Images;
using Hawser.Manifests;
using Hawser.Processes;
using Hawser.Testing;

namespace Hawser.Core.Tests.Images;

/// <summary>
/// <see cref="ImageUpdater"/> end to end: tags pushed to a real registry, the version chosen by the annotations'
/// strategy, and the write-back committed to a smart-HTTP Git server with credentials, in Image Updater's file format.
/// </summary>
public sealed class ImageUpdaterTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private readonly TempDirectory _scratch = new("hawser-updater");
    private readonly RegistryAccess _access = new();
    private OciRegistry _registry = null!;
    private GitHttpServer _git = null!;

    private CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync()
    {
        _registry = await OciRegistry.StartAsync(Ct);
        _git = await GitHttpServer.StartAsync(Ct);
    }

    [Fact]
    public async Task Newest_build_matching_a_regexp_is_written_back_as_helm_parameters_in_the_override_file()
    {
        using var images = new TestImages(_registry);
        var now = DateTimeOffset.UtcNow;
        await images.PushImageAsync("team/web", "main-aaa", now.AddHours(-3), Ct, layers: 1, layerSize: 64);
        await images.PushImageAsync("team/web", "main-ccc", now.AddHours(-1), Ct, layers: 1, layerSize: 64);
        await images.PushImageAsync("team/web", "main-bbb", now.AddHours(-2), Ct, layers: 1, layerSize: 64);
        await images.PushImageAsync("team/web", "feature-x", now, Ct, layers: 1, layerSize: 64);
        var repo = await _git.CreateRepositoryAsync("config", Ct);
        await repo.Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n")
            .Write("charts/web/values.yaml", "image:\n  name: nginx\n  tag: old\n").CommitAsync("initial", Ct);
        var app = App($"""
              annotations:
                argocd-image-updater.argoproj.io/image-list: web={_registry.Host}/team/web
                argocd-image-updater.argoproj.io/web.update-strategy: newest-build
                argocd-image-updater.argoproj.io/web.allow-tags: regexp:^main
                argocd-image-updater.argoproj.io/write-back-method: git:secret:argocd/git-creds
            """, "charts/web", "helm: {valueFiles: [values.yaml]}");

        var result = await Updater().UpdateAsync(app, Ct);
        var again = await Updater().UpdateAsync(app, Ct);

        Assert.Empty(result.Errors);
        Assert.Equal("main-ccc", Assert.Single(result.Updates).Version);
        Assert.NotNull(result.Commit);
        Assert.Null(again.Commit);
        Assert.Equal($"""
            helm:
              parameters:
              - name: image.name
                value: {_registry.Host}/team/web
                forcestring: true
              - name: image.tag
                value: main-ccc
                forcestring: true

            """, await ReadRemoteAsync("charts/web/.argocd-source-web.yaml"));
    }

    [Fact]
    public async Task The_highest_semver_within_the_constraint_updates_the_kustomize_images_of_an_existing_override_file()
    {
        using var images = new TestImages(_registry);
        foreach (var tag in new[] { "1.26.0", "1.26.3", "1.27.1", "1.26.2", "latest" }) await images.PushImageAsync("lib/nginx", tag, DateTimeOffset.UtcNow, Ct, layers: 1, layerSize: 64);
        var repo = await _git.CreateRepositoryAsync("kust", Ct);
        const string existing = "# kept\nkustomize:\n  images:\n  - redis:7.2 # unrelated\n";
        await repo.Write("shop/kustomization.yaml", "resources: [cm.yaml]\n").Write("shop/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
            .Write("shop/.argocd-source-shop.yaml", existing).CommitAsync("initial", Ct);
        var app = App($"""
              annotations:
                argocd-image-updater.argoproj.io/image-list: nginx={_registry.Host}/lib/nginx:~1.26
                argocd-image-updater.argoproj.io/write-back-method: git
            """, "shop", "kustomize: {}", "kust");

        var result = await Updater().UpdateAsync(app, Ct);

        Assert.Equal("1.26.3", Assert.Single(result.Updates).Version);
        Assert.Equal(existing + $"  - {_registry.Host}/lib/nginx:1.26.3\n", await ReadRemoteAsync("shop/.argocd-source-shop.yaml", "kust"));
    }

    [Fact]
    public async Task The_argocd_method_returns_overrides_and_writes_nothing()
    {
        using var images = new TestImages(_registry);
        var pushed = await images.PushImageAsync("lib/redis", "stable", DateTimeOffset.UtcNow, Ct, layers: 1, layerSize: 64);
        var app = App($"""
              annotations:
                argocd-image-updater.argoproj.io/image-list: r={_registry.Host}/lib/redis:stable
                argocd-image-updater.argoproj.io/r.update-strategy: digest
                argocd-image-updater.argoproj.io/r.helm.image-spec: redis.image
            """, "charts/redis", "helm: {}", "nothing-here");

        var result = await Updater().UpdateAsync(app, Ct);

        Assert.Equal(WriteBackMethod.ArgoCd, result.Method);
        Assert.Null(result.Commit);
        var parameter = Assert.Single(result.HelmParameters);
        Assert.Equal(("redis.image", $"{_registry.Host}/lib/redis:stable@{pushed.Digest}"), (parameter.Name, parameter.Value));
    }

    [Fact]
    public async Task A_git_write_back_of_the_versions_the_branch_already_holds_makes_no_clone()
    {
        using var images = new TestImages(_registry);
        await images.PushImageAsync("lib/queue", "2.1.0", DateTimeOffset.UtcNow, Ct, layers: 1, layerSize: 64);
        // The repository does not exist: any Git access would fail the update.
        var app = App($"""
              annotations:
                argocd-image-updater.argoproj.io/image-list: q={_registry.Host}/lib/queue
                argocd-image-updater.argoproj.io/write-back-method: git
            """, "charts/queue", "helm: {}", "missing");

        var result = await Updater().UpdateAsync(app, [new ImageUpdate("q", $"{_registry.Host}/lib/queue", "2.1.0")], Ct);

        Assert.Equal(("2.1.0", null, 0), (Assert.Single(result.Updates).Version, result.Commit, result.Errors.Count));
        var e = await Assert.ThrowsAsync<Hawser.Sources.SourceException>(() => Updater().UpdateAsync(app, [new ImageUpdate("q", $"{_registry.Host}/lib/queue", "2.0.0")], Ct));
        Assert.Contains("missing.git", e.Message, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _git.DisposeAsync();
        _access.Dispose();
        _scratch.Dispose();
        _timeout.Dispose();
    }

    private ImageUpdater Updater() => new(_access, new ImageUpdaterOptions(_scratch.Path)
    {
        RepositoryCredentials = url => url.StartsWith(_git.BaseUrl, StringComparison.Ordinal) ? new Hawser.Sources.RepositoryCredentials(_git.Username, _git.Password) : null,
    }, new Secrets(_git.Username, _git.Password));

    private Application App(string metadata, string path, string tool, string repo = "config")
    {
        var yaml = $"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: {path.Split('/')[^1]}
            {metadata}
            spec:
              project: default
              source:
                repoURL: {_git.UrlOf(repo)}
                targetRevision: main
                path: {path}
                {tool}
              destination: {"{"}server: https://kubernetes.default.svc, namespace: web{"}"}
            """;
        return Assert.Single(ApplicationReader.Read(ManifestReader.Read(yaml, "app.yaml")).ThrowIfErrors().Applications);
    }

    private async Task<string> ReadRemoteAsync(string path, string repo = "config")
    {
        using var clone = new TempDirectory();
        var url = _git.UrlOf(repo).Replace("http://", $"http://{_git.Username}:{_git.Password}@", StringComparison.Ordinal);
        await ProcessRunner.RunCheckedAsync(new ProcessSpec(Tools.Git, ["-c", "credential.helper=", "clone", "--quiet", url, clone.Path + "/c"], Timeout: TimeSpan.FromMinutes(1)), Ct);
        return await File.ReadAllTextAsync(Path.Combine(clone.Path, "c", path), Ct);
    }

    /// <summary>The Secrets a cluster would hold: the Git credentials Secret the annotation names.</summary>
    private sealed class Secrets(string username, string password) : ISecretReader
    {
        public Task<IReadOnlyDictionary<string, byte[]>?> ReadAsync(string @namespace, string name, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, byte[]>?>(@namespace == "argocd" && name == "git-creds"
                ? new Dictionary<string, byte[]> { ["username"] = Encoding.UTF8.GetBytes(username), ["password"] = Encoding.UTF8.GetBytes(password) }
                : null);
    }
}
