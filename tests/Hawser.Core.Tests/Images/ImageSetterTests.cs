using Hawser.Images;

namespace Hawser.Core.Tests.Images;

/// <summary><c>hawser image set</c> on real Git repositories, one test per declaration style, each checking the file byte for byte.</summary>
public sealed class ImageSetterTests : IDisposable
{
    private const string Values = """
        # Values for web.  Keep the comments!
        replicaCount: 2   # two is enough

        image:
          # where the image lives
          repository: ghcr.io/acme/web     # the app
          tag: "1.4.0"                     # bumped by CI
          pullPolicy: IfNotPresent
        sidecar:
          image: busybox:1.36
        """;

    private const string Chart = """
        apiVersion: v2
        name: web
        version: 0.1.0
        """;

    private const string RootApp = """
        # The root app renders the child Applications.
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: root, namespace: hawser}
        spec:
          project: default
          source: {repoURL: https://git.example.com/config.git, targetRevision: main, path: apps}
          destination: {server: https://kubernetes.default.svc, namespace: hawser}
        """;

    private const string ChildApps = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: web, namespace: hawser}
        spec:
          project: default
          source: {repoURL: https://git.example.com/config.git, targetRevision: main, path: charts/web}
          destination: {server: https://kubernetes.default.svc, namespace: web}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: shop, namespace: hawser}
        spec:
          project: default
          source: {repoURL: https://git.example.com/config.git, targetRevision: main, path: shop}
          destination: {server: https://kubernetes.default.svc, namespace: shop}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: plain, namespace: hawser}
        spec:
          project: default
          source: {repoURL: https://git.example.com/config.git, targetRevision: main, path: plain}
          destination: {server: https://kubernetes.default.svc, namespace: plain}
        """;

    private const string Kustomization = """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - deployment.yaml   # the workload
        images:
          # pinned by CI
          - name: ghcr.io/acme/shop
            newTag: v7
          - name: redis
            newTag: "7.2"
        """;

    private const string Deployment = "# A plain manifest.\r\napiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: plain\r\nspec:\r\n  template:\r\n    spec:\r\n      containers:\r\n        - name: app\r\n          image: 'ghcr.io/acme/plain:2.0'   # quoted on purpose\r\n        - name: proxy\r\n          image: envoyproxy/envoy:v1.30.0\r\n";

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private CancellationToken Ct => _timeout.Token;

    private static Dictionary<string, string> Files() => new()
    {
        ["root.yaml"] = RootApp,
        ["apps/children.yaml"] = ChildApps,
        ["charts/web/Chart.yaml"] = Chart,
        ["charts/web/values.yaml"] = Values,
        ["charts/web/templates/deployment.yaml"] = "kind: ConfigMap\napiVersion: v1\nmetadata: {name: web}\ndata: {image: \"{{ .Values.image.repository }}\"}\n",
        ["shop/kustomization.yaml"] = Kustomization,
        ["shop/deployment.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shop}\n",
        ["plain/deployment.yaml"] = Deployment,
    };

    [Fact]
    public async Task A_helm_values_tag_found_through_an_app_of_apps_changes_and_nothing_else_does()
    {
        using var repo = await ConfigRepo.CreateAsync(Files(), Ct);

        var result = await new ImageSetter(repo.Scratch).SetAsync(new ImageSetRequest(repo.BareUrl, ImageReference.Parse("ghcr.io/acme/web:1.5.0")) { App = "web" }, Ct);

        Assert.Equal(Values.Replace("tag: \"1.4.0\"", "tag: \"1.5.0\"", StringComparison.Ordinal), await repo.ReadAsync("charts/web/values.yaml", Ct));
        Assert.Equal("charts/web", result.Directory);
        Assert.Equal(1, result.Attempts);
        Assert.Contains("-  tag: \"1.4.0\"", result.Diff, StringComparison.Ordinal);
        Assert.Equal("Set image ghcr.io/acme/web to 1.5.0 for web|Hawser <hawser@localhost>", (await repo.LogAsync(Ct))[0]);
    }

    [Fact]
    public async Task A_helm_key_and_a_one_string_image_value_are_edited_in_place()
    {
        using var repo = await ConfigRepo.CreateAsync(Files(), Ct);
        var setter = new ImageSetter(repo.Scratch);

        await setter.SetAsync(new ImageSetRequest(repo.BareUrl, ImageReference.Parse("busybox:1.37")) { Path = "charts/web" }, Ct);
        await setter.SetAsync(new ImageSetRequest(repo.BareUrl, ImageReference.Parse("ghcr.io/acme/web:2.0.0")) { Path = "charts/web", HelmKey = "image.tag",
            Message = "deploy {image}:{tag}", Author = new GitAuthor("CI Bot", "ci@example.com") }, Ct);

        var expected = Values.Replace("busybox:1.36", "busybox:1.37", StringComparison.Ordinal).Replace("\"1.4.0\"", "\"2.0.0\"", StringComparison.Ordinal);
        Assert.Equal(expected, await repo.ReadAsync("charts/web/values.yaml", Ct));
        Assert.Equal("deploy ghcr.io/acme/web:2.0.0|CI Bot <ci@example.com>", (await repo.LogAsync(Ct))[0]);
    }

    [Fact]
    public async Task A_kustomize_images_entry_is_updated_and_a_missing_one_is_added_at_the_same_indentation()
    {
        using var repo = await ConfigRepo.CreateAsync(Files(), Ct);
        var setter = new ImageSetter(repo.Scratch);

        await setter.SetAsync(new ImageSetRequest(repo.BareUrl, ImageReference.Parse("ghcr.io/acme/shop:v8")) { App = "shop" }, Ct);
        await setter.SetAsync(new ImageSetRequest(repo.BareUrl, ImageReference.Parse("nginx:1.27")) { App = "shop" }, Ct);

        var expected = Kustomization.Replace("newTag: v7", "newTag: v8", StringComparison.Ordinal) + "\n  - name: nginx\n    newTag: \"1.27\"";
        Assert.Equal(expected, await repo.ReadAsync("shop/kustomization.yaml", Ct));
    }

    [Fact]
    public async Task A_kustomization_without_images_gets_the_list()
    {
        using var repo = await ConfigRepo.CreateAsync(new Dictionary<string, string>
        {
            ["k/kustomization.yaml"] = "resources: [a.yaml] # one\n",
            ["k/a.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
        }, Ct);

        await new ImageSetter(repo.Scratch).SetAsync(new ImageSetRequest(repo.BareUrl, ImageReference.Parse("ghcr.io/acme/k@sha256:" + new string('a', 64))) { Path = "k" }, Ct);

        Assert.Equal($"resources: [a.yaml] # one\nimages:\n- name: ghcr.io/acme/k\n  digest: sha256:{new string('a', 64)}\n", await repo.ReadAsync("k/kustomization.yaml", Ct));
    }

    [Fact]
    public async Task A_parameter_override_file_wins_and_its_tag_parameter_is_set()
    {
        var files = Files();
        const string overrides = """
            # written by Argo CD Image Updater
            helm:
              parameters:
              - name: image.name
                value: ghcr.io/acme/web
                forcestring: true
              - name: image.tag
                value: 1.4.0
                forcestring: true
            """;
        files["charts/web/.argocd-source-web.yaml"] = overrides;
        using var repo = await ConfigRepo.CreateAsync(files, Ct);

        await new ImageSetter(repo.Scratch).SetAsync(new ImageSetRequest(repo.BareUrl, ImageReference.Parse("ghcr.io/acme/web:1.6.1")) { App = "web" }, Ct);

        Assert.Equal(overrides.Replace("value: 1.4.0", "value: 1.6.1", StringComparison.Ordinal), await repo.ReadAsync("charts/web/.argocd-source-web.yaml", Ct));
        Assert.Equal(Values, await repo.ReadAsync("charts/web/values.yaml", Ct));
    }

    [Fact]
    public async Task A_plain_manifest_keeps_its_quoting_comments_and_crlf_line_endings()
    {
        using var repo = await ConfigRepo.CreateAsync(Files(), Ct);

        await new ImageSetter(repo.Scratch).SetAsync(new ImageSetRequest(repo.BareUrl, ImageReference.Parse("ghcr.io/acme/plain:2.1")) { App = "plain" }, Ct);

        Assert.Equal(Deployment.Replace("'ghcr.io/acme/plain:2.0'", "'ghcr.io/acme/plain:2.1'", StringComparison.Ordinal), await repo.ReadAsync("plain/deployment.yaml", Ct));
    }

    [Fact]
    public async Task A_push_rejected_because_the_branch_moved_is_retried_on_the_new_head()
    {
        using var repo = await ConfigRepo.CreateAsync(Files(), Ct);
        var setter = new ImageSetter(repo.Scratch)
        {
            BeforePush = async (attempt, ct) =>
            {
                if (attempt == 1) await repo.PushConcurrentAsync("charts/web/values.yaml", Values.Replace("replicaCount: 2", "replicaCount: 3", StringComparison.Ordinal), ct);
            },
        };

        var result = await setter.SetAsync(new ImageSetRequest(repo.BareUrl, ImageReference.Parse("ghcr.io/acme/web:1.5.0")) { App = "web" }, Ct);

        Assert.Equal(2, result.Attempts);
        var expected = Values.Replace("replicaCount: 2", "replicaCount: 3", StringComparison.Ordinal).Replace("\"1.4.0\"", "\"1.5.0\"", StringComparison.Ordinal);
        Assert.Equal(expected, await repo.ReadAsync("charts/web/values.yaml", Ct));
        Assert.Equal(["Set image ghcr.io/acme/web to 1.5.0 for web", "concurrent change", "initial"], (await repo.LogAsync(Ct)).Select(l => l.Split('|')[0]));
    }

    [Fact]
    public async Task A_dry_run_returns_the_diff_and_pushes_nothing_and_an_unchanged_version_commits_nothing()
    {
        using var repo = await ConfigRepo.CreateAsync(Files(), Ct);
        var setter = new ImageSetter(repo.Scratch);

        var dry = await setter.SetAsync(new ImageSetRequest(repo.BareUrl, ImageReference.Parse("ghcr.io/acme/web:9.9.9")) { App = "web", DryRun = true }, Ct);
        var same = await setter.SetAsync(new ImageSetRequest(repo.BareUrl, ImageReference.Parse("ghcr.io/acme/web:1.4.0")) { App = "web" }, Ct);

        Assert.Contains("+  tag: \"9.9.9\"", dry.Diff, StringComparison.Ordinal);
        Assert.Null(dry.Commit);
        Assert.Null(same.Commit);
        Assert.Empty(same.Changes);
        Assert.Single(await repo.LogAsync(Ct));
    }

    [Fact]
    public async Task An_image_the_app_does_not_declare_or_an_unknown_app_is_an_error_naming_it()
    {
        using var repo = await ConfigRepo.CreateAsync(Files(), Ct);
        var setter = new ImageSetter(repo.Scratch);

        var notDeclared = await Assert.ThrowsAsync<ImageException>(() => setter.SetAsync(new ImageSetRequest(repo.BareUrl, ImageReference.Parse("quay.io/other/thing:1")) { App = "plain" }, Ct));
        var noApp = await Assert.ThrowsAsync<ImageException>(() => setter.SetAsync(new ImageSetRequest(repo.BareUrl, ImageReference.Parse("nginx:1")) { App = "nope" }, Ct));
        var helm = await Assert.ThrowsAsync<ImageException>(() => setter.SetAsync(new ImageSetRequest(repo.BareUrl, ImageReference.Parse("quay.io/other/thing:1")) { App = "web" }, Ct));

        Assert.Contains("quay.io/other/thing", notDeclared.Message, StringComparison.Ordinal);
        Assert.Contains("\"nope\"", noApp.Message, StringComparison.Ordinal);
        Assert.Contains("--helm-key", helm.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _timeout.Dispose();
}
