using Hawser.Apps;
using Hawser.Manifests;
using Hawser.Rendering;
using Hawser.Testing;
using static Hawser.Core.Tests.Rendering.RenderFixtures;

namespace Hawser.Core.Tests.Rendering;

/// <summary>
/// <c>.argocd-source.yaml</c> and <c>.argocd-source-APP.yaml</c> in the app directory, and the overrides Hawser keeps for an
/// app, change what real <c>helm template</c> and <c>kubectl kustomize</c> render, as Argo CD applies them.
/// </summary>
public sealed class ParameterOverrideFilesTests
{
    private static TempDirectory HelmRepo()
    {
        var repo = new TempDirectory("hawser-repo");
        repo.Write("web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
        repo.Write("web/values.yaml", "image: {name: nginx, tag: \"1.25\"}\nreplicas: 1\n");
        repo.Write("web/templates/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: {{ .Values.replicas }}
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: "{{ .Values.image.name }}:{{ .Values.image.tag }}"}]}
            """);
        return repo;
    }

    private static TempDirectory KustomizeRepo()
    {
        var repo = new TempDirectory("hawser-repo");
        repo.Write("shop/kustomization.yaml", "resources: [deployment.yaml]\n");
        repo.Write("shop/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: shop}
            spec:
              selector: {matchLabels: {app: shop}}
              template:
                metadata: {labels: {app: shop}}
                spec: {containers: [{name: shop, image: "registry.example.com/shop:1.0"}, {name: proxy, image: envoy:1.30}]}
            """);
        return repo;
    }

    private static string Image(AppRenderResult result, string kind = "Deployment", int container = 0) =>
        result.Objects.Single(o => o.Kind == kind).Body["spec"]!["template"]!["spec"]!["containers"]![container]!["image"]!.GetValue<string>();

    [Fact]
    public async Task The_app_file_wins_over_the_generic_file_and_Image_Updater_s_forcestring_is_read_with_real_helm()
    {
        using var repo = HelmRepo();
        repo.Write("web/.argocd-source.yaml", "helm:\n  parameters:\n  - {name: image.tag, value: generic}\n  - {name: replicas, value: \"3\"}\n");
        repo.Write("web/.argocd-source-web.yaml", """
            helm:
              parameters:
              - name: image.name
                value: registry.example.com/web
                forcestring: true
              - name: image.tag
                value: "2.0"
                forcestring: true
            """);
        repo.Write("web/.argocd-source-other.yaml", "helm:\n  parameters:\n  - {name: image.tag, value: not-mine}\n");
        using var scratch = new TempDirectory();

        var result = await Renderer(scratch).RenderAsync(App("web", repo.Path, "web"), CancellationToken.None);

        // forceString keeps "2.0" a string (as --set it would become the number 2).
        Assert.Equal("registry.example.com/web:2.0", Image(result));
        // The app's file replaces the generic file's parameter list whole (a JSON merge patch), so replicas is back at its value.
        Assert.Equal(1, result.Objects.Single(o => o.Kind == "Deployment").Body["spec"]!["replicas"]!.GetValue<long>());
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task A_file_replaces_the_Application_s_helm_parameter_list_and_merges_maps_key_by_key()
    {
        using var repo = HelmRepo();
        repo.Write("web/.argocd-source-web.yaml", "helm:\n  parameters:\n  - {name: image.tag, value: from-file}\n");
        using var scratch = new TempDirectory();
        var app = App("web", repo.Path, "web", """
            helm:
              releaseName: kept
              parameters: [{name: replicas, value: "5"}, {name: image.tag, value: from-app}]
            """);

        var result = await Renderer(scratch).RenderAsync(app, CancellationToken.None);

        Assert.Equal("nginx:from-file", Image(result));
        Assert.Equal(1, result.Objects.Single(o => o.Kind == "Deployment").Body["spec"]!["replicas"]!.GetValue<long>());
    }

    [Fact]
    public async Task Kustomize_images_and_labels_from_both_files_reach_real_kustomize()
    {
        using var repo = KustomizeRepo();
        repo.Write("shop/.argocd-source.yaml", "kustomize:\n  commonLabels: {team: payments}\n");
        repo.Write("shop/.argocd-source-shop.yaml", "# written by a CI job\nkustomize:\n  images:\n  - registry.example.com/shop:1.4.2\n");
        using var scratch = new TempDirectory();

        var result = await Renderer(scratch).RenderAsync(App("shop", repo.Path, "shop"), CancellationToken.None);

        Assert.Equal("registry.example.com/shop:1.4.2", Image(result));
        Assert.Equal("envoy:1.30", Image(result, container: 1));
        Assert.Equal("payments", result.Objects.Single().GetLabel("team"));
    }

    [Fact]
    public async Task Overrides_kept_by_Hawser_apply_under_the_files_to_the_type_of_the_source()
    {
        using var helm = HelmRepo();
        using var kustomize = KustomizeRepo();
        using var scratch = new TempDirectory();
        var overrides = new Dictionary<string, SourceParameterOverride>
        {
            ["web"] = new([new HelmParameter("image.tag", "3.1", true)], ["registry.example.com/shop:9.9"]),
            ["shop"] = new([new HelmParameter("image.tag", "3.1", true)], ["registry.example.com/shop:2.0", "envoy=envoy:1.31"]),
        };
        var renderer = new AppRenderer(new AppRendererOptions(scratch.Path) { ParameterOverrides = app => overrides.GetValueOrDefault(app) });

        var web = await renderer.RenderAsync(App("web", helm.Path, "web", "helm: {parameters: [{name: replicas, value: \"2\"}]}"), CancellationToken.None);
        var shop = await renderer.RenderAsync(App("shop", kustomize.Path, "shop", "kustomize: {images: [\"registry.example.com/shop:1.1\"]}"), CancellationToken.None);

        Assert.Equal("nginx:3.1", Image(web));
        Assert.Equal(2, web.Objects.Single(o => o.Kind == "Deployment").Body["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(["registry.example.com/shop:2.0", "envoy:1.31"], [Image(shop), Image(shop, container: 1)]);

        // The app's own file is merged last, as Argo CD merges it over the Application's fields.
        helm.Write("web/.argocd-source-web.yaml", "helm: {parameters: [{name: image.tag, value: \"4.0\", forceString: true}]}\n");
        Assert.Equal("nginx:4.0", Image(await renderer.RenderAsync(App("web", helm.Path, "web"), CancellationToken.None)));
    }

    [Fact]
    public async Task An_invalid_file_fails_the_render_naming_the_file_and_the_field()
    {
        using var repo = HelmRepo();
        using var scratch = new TempDirectory();
        repo.Write("web/.argocd-source-web.yaml", "helm:\n  parameters: image.tag=2\n");
        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch).RenderAsync(App("web", repo.Path, "web"), CancellationToken.None));
        Assert.Contains("web/.argocd-source-web.yaml", e.Message, StringComparison.Ordinal);
        Assert.Contains("helm.parameters: expected a list", e.Message, StringComparison.Ordinal);

        repo.Write("web/.argocd-source-web.yaml", "- helm\n");
        e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch).RenderAsync(App("web", repo.Path, "web"), CancellationToken.None));
        Assert.Equal("web/.argocd-source-web.yaml: expected a mapping of source fields (helm:, kustomize:, directory:, plugin:)", e.Message);

        repo.Write("web/.argocd-source-web.yaml", "helm: {parameters: [{name: a, value: b}\n");
        e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch).RenderAsync(App("web", repo.Path, "web"), CancellationToken.None));
        Assert.StartsWith("web/.argocd-source-web.yaml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_Hawser_does_not_know_is_a_warning_naming_the_file_and_the_source_stays_where_it_is()
    {
        using var repo = HelmRepo();
        using var scratch = new TempDirectory();
        repo.Write("web/.argocd-source-web.yaml", "path: elsewhere\nrepoURL: https://example.com/other.git\nhelm:\n  parameters: [{name: image.tag, value: x}]\n  colour: blue\n");

        var result = await Renderer(scratch).RenderAsync(App("web", repo.Path, "web"), CancellationToken.None);

        Assert.Equal("nginx:x", Image(result));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("web/.argocd-source-web.yaml", warning, StringComparison.Ordinal);
        Assert.Contains("helm.colour: unknown field, ignored", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_written_as_JSON_reads_back_equal()
    {
        var app = App("web", "https://example.com/repo.git", "web", """
            helm:
              releaseName: r
              valueFiles: [a.yaml]
              values: "x: 1\n"
              parameters: [{name: a, value: b, forceString: true}]
              fileParameters: [{name: f, path: f.txt}]
              skipCrds: true
              apiVersions: [v1]
              namespace: ns
            """);
        var kustomize = App("k", "https://example.com/repo.git", "k", """
            kustomize:
              buildOptions: --load-restrictor LoadRestrictionsNone
              images: [a=b:1]
              namePrefix: p-
              commonLabels: {a: b}
              replicas: [{name: web, count: 2}]
              patches: [{patch: "x", target: {kind: Deployment}, options: {allowNameChange: true}}]
              components: [c]
            """);
        var directory = App("d", "https://example.com/repo.git", "d", """
            directory: {recurse: true, include: "*.yaml", jsonnet: {extVars: [{name: a, value: b, code: true}], libs: [vendor]}}
            """);
        foreach (var source in new[] { app, kustomize, directory }.Select(a => a.Spec.Sources[0]))
        {
            var errors = new List<AppDiagnostic>();
            var read = ApplicationSourceJson.Read(ApplicationSourceJson.Write(source), source.KustomizeBuildOptions, false, "test", "", errors, []);
            Assert.Empty(errors);
            Assert.Equal(ApplicationSourceJson.Write(source).ToJsonString(), ApplicationSourceJson.Write(read!).ToJsonString());
        }
    }
}
