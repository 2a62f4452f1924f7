using Hawser.Rendering;
using Hawser.Testing;
using static Hawser.Core.Tests.Rendering.RenderFixtures;

namespace Hawser.Core.Tests.Rendering;

public sealed class KustomizeRendererTests
{
    private static readonly string[] Allowed = [KustomizeLoadPolicy.LoadRestrictionsNone];

    /// <summary>A Kustomize app: base with a Helm chart inside, a prod overlay, a transformer and a component outside the app directory.</summary>
    private static TempDirectory Repo()
    {
        var repo = new TempDirectory("hawser-repo");
        repo.Write("shop/base/kustomization.yaml", """
            resources: [deployment.yaml, service.yaml]
            images: [{name: nginx, newTag: "1.25"}]
            helmCharts:
            - {name: redis, releaseName: cache, version: 0.1.0, valuesInline: {size: 2}}
            helmGlobals: {chartHome: ../../charts}
            """);
        repo.Write("shop/base/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: nginx}, {name: sidecar, image: busybox:1.36}]}
            """);
        repo.Write("shop/base/service.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n");
        repo.Write("shop/overlays/prod/kustomization.yaml", """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources: [../../base]
            namePrefix: shop-
            transformers: [../../../shared/team-labels.yaml]
            """);
        repo.Write("shared/team-labels.yaml", """
            apiVersion: builtin
            kind: LabelTransformer
            metadata: {name: team}
            labels: {team: shop}
            fieldSpecs: [{path: metadata/labels, create: true}]
            """);
        repo.Write("shared/components/probes/kustomization.yaml", """
            apiVersion: kustomize.config.k8s.io/v1alpha1
            kind: Component
            patches:
            - target: {kind: Deployment}
              patch: |
                - op: add
                  path: /metadata/annotations
                  value: {probes: enabled}
            """);
        repo.Write("charts/redis/Chart.yaml", "apiVersion: v2\nname: redis\nversion: 0.1.0\n");
        repo.Write("charts/redis/values.yaml", "size: 1\n");
        repo.Write("charts/redis/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ .Release.Name }}-redis}\ndata: {size: \"{{ .Values.size }}\"}\n");
        return repo;
    }

    private const string BuildOptions = "annotations: {hawser.io/kustomize-build-options: \"--enable-helm --load-restrictor LoadRestrictionsNone\"}";

    private static Hawser.Apps.Application ShopApp(string repo, string kustomize = "") => App($$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: shop
          {{BuildOptions}}
        spec:
          project: default
          source:
            repoURL: {{repo}}
            path: shop/overlays/prod
        {{Indent(kustomize, 4)}}
          destination: {server: https://kubernetes.default.svc, namespace: shop}
        """);

    [Fact]
    public async Task Kustomize_output_equals_kubectl_kustomize_with_a_helm_chart_and_a_transformer_outside_the_app()
    {
        using var repo = Repo();
        var before = Snapshot(repo.Path);
        using var scratch = new TempDirectory();
        var result = await Renderer(scratch, allowedBuildOptions: Allowed).RenderAsync(ShopApp(repo.Path), CancellationToken.None);

        using var oracle = new TempDirectory("hawser-oracle");
        var expected = await RunOracleAsync(Tools.Kubectl,
            ["kustomize", Path.Combine(repo.Path, "shop/overlays/prod"), "--enable-helm", "--load-restrictor", "LoadRestrictionsNone"], repo.Path, HelmHome(oracle));
        Assert.Equal(AsSet(expected), AsSet(result.Objects));
        Assert.Equal(["shop-cache-redis", "shop-web", "shop-web"], result.Objects.Select(o => o.Name).Order(StringComparer.Ordinal));
        Assert.All(result.Objects, o => Assert.Equal("shop", o.GetLabel("team")));
        Assert.Equal(before, Snapshot(repo.Path));
    }

    [Fact]
    public async Task Without_the_build_options_kustomize_s_own_error_is_quoted()
    {
        using var repo = Repo();
        using var scratch = new TempDirectory();
        var app = App("shop", repo.Path, "shop/overlays/prod");
        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch, allowedBuildOptions: Allowed).RenderAsync(app, CancellationToken.None));
        Assert.StartsWith("kustomize build shop/overlays/prod: kubectl failed (exit 1): ", e.Message, StringComparison.Ordinal);
        Assert.Contains("must specify --enable-helm", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Application_kustomize_fields_render_as_argo_cd_s_kustomize_edit_would()
    {
        using var repo = Repo();
        var before = Snapshot(repo.Path);
        using var scratch = new TempDirectory();
        var app = ShopApp(repo.Path, """
            kustomize:
              images: [nginx=registry.example.com/nginx:1.27, busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef]
              namePrefix: prod-
              nameSuffix: -v2
              commonLabels: {env: prod}
              commonAnnotations: {owner: team-shop}
              namespace: shop-prod
              replicas: [{name: web, count: 4}]
              components: [../../../shared/components/probes]
              patches:
              - target: {kind: Service, name: web}
                patch: |-
                  - op: replace
                    path: /spec/ports/0/port
                    value: 8080
            """);
        var result = await Renderer(scratch, allowedBuildOptions: Allowed).RenderAsync(app, CancellationToken.None);

        // The oracle: the kustomization as `kustomize edit set image/nameprefix/...` leaves it, built by kubectl kustomize.
        using var oracle = new TempDirectory("hawser-oracle");
        CopyTree(repo.Path, oracle.Path);
        oracle.Write("shop/overlays/prod/kustomization.yaml", """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources: [../../base]
            namePrefix: prod-
            nameSuffix: -v2
            transformers: [../../../shared/team-labels.yaml]
            images:
            - {name: nginx, newName: registry.example.com/nginx, newTag: "1.27"}
            - {name: busybox, digest: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
            commonLabels: {env: prod}
            commonAnnotations: {owner: team-shop}
            namespace: shop-prod
            replicas: [{name: web, count: 4}]
            components: [../../../shared/components/probes]
            patches:
            - target: {kind: Service, name: web}
              patch: |-
                - op: replace
                  path: /spec/ports/0/port
                  value: 8080
            """);
        var expected = await RunOracleAsync(Tools.Kubectl,
            ["kustomize", Path.Combine(oracle.Path, "shop/overlays/prod"), "--enable-helm", "--load-restrictor", "LoadRestrictionsNone"], oracle.Path, HelmHome(oracle));
        Assert.Equal(AsSet(expected), AsSet(result.Objects));

        var deployment = result.Objects.Single(o => o.Kind == "Deployment");
        Assert.Equal("prod-web-v2", deployment.Name);
        Assert.Equal("shop-prod", deployment.Namespace);
        Assert.Equal(4, deployment.Body["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("registry.example.com/nginx:1.27", deployment.Body["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("enabled", deployment.GetAnnotation("probes"));
        Assert.Equal(8080, result.Objects.Single(o => o.Kind == "Service").Body["spec"]!["ports"]![0]!["port"]!.GetValue<long>());
        Assert.Equal(before, Snapshot(repo.Path));
    }

    [Fact]
    public async Task Kustomize_fields_without_helm_edit_a_linked_view_and_still_reach_shared_bases()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("base/kustomization.yaml", "resources: [deployment.yaml]\n");
        repo.Write("base/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx:1.25}]}\n");
        repo.Write("envs/prod/kustomization.yaml", "resources: [../../base]\nnamePrefix: base-\n");
        var before = Snapshot(repo.Path);
        using var scratch = new TempDirectory();
        var tools = new CountingToolRunner();
        var app = App("web", repo.Path, "envs/prod", "kustomize: {namePrefix: prod-, images: ['nginx:1.27'], replicas: [{name: web, count: 2}]}");
        var result = await Renderer(scratch, tools).RenderAsync(app, CancellationToken.None);

        using var oracle = new TempDirectory("hawser-oracle");
        CopyTree(repo.Path, oracle.Path);
        oracle.Write("envs/prod/kustomization.yaml", "resources: [../../base]\nnamePrefix: prod-\nimages: [{name: nginx, newTag: '1.27'}]\nreplicas: [{name: web, count: 2}]\n");
        var expected = await RunOracleAsync(Tools.Kubectl, ["kustomize", Path.Combine(oracle.Path, "envs/prod")], oracle.Path);
        Assert.Equal(AsSet(expected), AsSet(result.Objects));
        Assert.Equal("prod-web", Assert.Single(result.Objects).Name);
        Assert.Equal(before, Snapshot(repo.Path));
    }

    [Fact]
    public async Task Common_labels_follow_argo_cd_s_force_and_without_selector_rules()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/kustomization.yaml", "resources: [deployment.yaml]\ncommonLabels: {env: dev}\n");
        repo.Write("app/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n");
        using var scratch = new TempDirectory();

        var clash = App("web", repo.Path, "app", "kustomize: {commonLabels: {env: prod}}");
        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch, allowedBuildOptions: Allowed).RenderAsync(clash, CancellationToken.None));
        Assert.Equal("kustomize edit add label: label env already in kustomization file (set forceCommonLabels to replace it)", e.Message);

        var forced = await Renderer(scratch, allowedBuildOptions: Allowed).RenderAsync(App("web", repo.Path, "app", "kustomize: {commonLabels: {env: prod}, forceCommonLabels: true}"), CancellationToken.None);
        Assert.Equal("prod", Assert.Single(forced.Objects).Body["spec"]!["selector"]!["matchLabels"]!["env"]!.GetValue<string>());

        var plain = await Renderer(scratch, allowedBuildOptions: Allowed).RenderAsync(App("web", repo.Path, "app", "kustomize: {commonLabels: {team: a}, labelWithoutSelector: true, labelIncludeTemplates: true}"), CancellationToken.None);
        var deployment = Assert.Single(plain.Objects);
        Assert.Equal("a", deployment.GetLabel("team"));
        Assert.Null(deployment.Body["spec"]!["selector"]!["matchLabels"]!["team"]);
        Assert.Equal("a", deployment.Body["spec"]!["template"]!["metadata"]!["labels"]!["team"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("nginx=nginx:1.27", "nginx", null, "1.27", null)]
    [InlineData("nginx:1.27", "nginx", null, "1.27", null)]
    [InlineData("localhost:5000/app:2", "localhost:5000/app", null, "2", null)]
    [InlineData("app=localhost:5000/app", "app", "localhost:5000/app", null, null)]
    [InlineData("nginx@sha256:abc", "nginx", null, null, "sha256:abc")]
    public void Image_overrides_parse_as_kustomize_edit_set_image_reads_them(string text, string name, string? newName, string? tag, string? digest)
    {
        Assert.Equal(new KustomizeImage(name, newName, tag, digest), KustomizeImage.Parse(text));
    }
}
