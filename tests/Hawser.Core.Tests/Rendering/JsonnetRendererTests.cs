using Hawser.Rendering;
using Hawser.Testing;
using static Hawser.Core.Tests.Rendering.RenderFixtures;

namespace Hawser.Core.Tests.Rendering;

public sealed class JsonnetRendererTests
{
    // Laid out like Argo CD's jsonnet-guestbook-tla example: one file evaluating to a function of top-level arguments
    // that returns an array of a Service and a Deployment (written for these tests).
    private const string GuestbookTla = """
        function(
          containerPort=80,
          image='example/guestbook-ui:0.2',
          name='jsonnet-guestbook-ui',
          replicas=1,
          servicePort=80,
          type='LoadBalancer'
        )
        [
          {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: name },
            spec: {
              ports: [{ port: servicePort, targetPort: containerPort }],
              selector: { app: name },
              type: type,
            },
          },
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: name },
            spec: {
              replicas: replicas,
              revisionHistoryLimit: 3,
              selector: { matchLabels: { app: name } },
              template: {
                metadata: { labels: { app: name } },
                spec: { containers: [{ image: image, name: name, ports: [{ containerPort: containerPort }] }] },
              },
            },
          },
        ]
        """;

    private static async Task<AppRenderResult> RenderAsync(TempDirectory repo, string path, string sourceYaml, string appName = "web")
    {
        _ = Tools.Jsonnet;
        using var scratch = new TempDirectory();
        return await Renderer(scratch).RenderAsync(App(appName, repo.Path, path, sourceYaml), CancellationToken.None);
    }

    [Fact]
    public async Task A_jsonnet_function_renders_with_string_and_code_top_level_arguments()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("jsonnet-guestbook-tla/guestbook-ui.jsonnet", GuestbookTla);
        var result = await RenderAsync(repo, "jsonnet-guestbook-tla", """
            directory:
              jsonnet:
                tlas:
                - {name: name, value: $ARGOCD_APP_NAME-ui}
                - {name: replicas, value: '1 + 2', code: true}
                - {name: type, value: ClusterIP}
            """, appName: "guestbook");

        Assert.Equal(["Service/guestbook-ui", "Deployment/guestbook-ui"], result.Objects.Select(o => $"{o.Kind}/{o.Name}"));
        var deployment = result.Objects[1].Body;
        Assert.Equal(3, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("ClusterIP", result.Objects[0].Body["spec"]!["type"]!.GetValue<string>());
        Assert.Equal("example/guestbook-ui:0.2", deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_function_without_its_arguments_renders_its_defaults()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/guestbook-ui.jsonnet", GuestbookTla);
        var result = await RenderAsync(repo, "app", "");
        Assert.Equal("jsonnet-guestbook-ui", result.Objects[0].Name);
        Assert.Equal(1, result.Objects[1].Body["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_directory_mixing_yaml_and_jsonnet_renders_both_with_ext_vars_and_libs_from_the_repository_root()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("vendor/labels.libsonnet", "{ labels(app):: { 'app.kubernetes.io/name': app } }");
        repo.Write("app/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        repo.Write("app/b.jsonnet", """
            local l = import 'labels.libsonnet';
            local local_ = import 'local.libsonnet';
            {
              apiVersion: 'v1',
              kind: 'List',
              items: [
                { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b-' + std.extVar('env'), labels: l.labels(std.extVar('app')) },
                  data: { size: std.toString(std.extVar('size') * 2), ns: local_.ns } },
                { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b2' } },
              ],
            }
            """);
        repo.Write("app/local.libsonnet", "{ ns: std.extVar('ns') }");
        repo.Write("app/c.jsonnet", "{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'c' } }");
        repo.Write("app/sub/d.jsonnet", "{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'd' } }");
        var result = await RenderAsync(repo, "app", """
            directory:
              jsonnet:
                extVars:
                - {name: env, value: prod}
                - {name: app, value: $ARGOCD_APP_NAME}
                - {name: ns, value: '${ARGOCD_APP_NAMESPACE}'}
                - {name: size, value: '21', code: true}
                libs: [vendor]
            """);

        Assert.Equal(["ConfigMap/a", "ConfigMap/b-prod", "ConfigMap/b2", "Secret/c"], result.Objects.Select(o => $"{o.Kind}/{o.Name}"));
        var b = result.Objects[1].Body;
        Assert.Equal("web", b["metadata"]!["labels"]!["app.kubernetes.io/name"]!.GetValue<string>());
        Assert.Equal("42", b["data"]!["size"]!.GetValue<string>());
        Assert.Equal("demo", b["data"]!["ns"]!.GetValue<string>());
    }

    [Fact]
    public async Task Recurse_include_and_exclude_apply_to_jsonnet_files_as_to_yaml()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/a.jsonnet", "{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }");
        repo.Write("app/sub/b.jsonnet", "[{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } }]");
        repo.Write("app/sub/c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
        repo.Write("app/sub/broken.jsonnet", "{ this is not jsonnet");

        var names = async (string yaml) => (await RenderAsync(repo, "app", yaml)).Objects.Select(o => o.Name).ToList();
        Assert.Equal(["a", "b", "c"], await names("directory: {recurse: true, exclude: '*/broken.jsonnet'}"));
        Assert.Equal(["b"], await names("directory: {recurse: true, include: 'sub/*.jsonnet', exclude: '*/broken.jsonnet'}"));
        Assert.Equal(["a"], await names("directory: {recurse: false}"));
    }

    [Fact]
    public async Task A_jsonnet_error_names_the_file_and_quotes_the_tool()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/ok.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        repo.Write("app/bad.jsonnet", "{ a: std.extVar('missing') }");
        using var scratch = new TempDirectory();
        _ = Tools.Jsonnet;
        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch).RenderAsync(App("web", repo.Path, "app"), CancellationToken.None));
        Assert.StartsWith("jsonnet app/bad.jsonnet: jsonnet failed (exit 1)", e.Message, StringComparison.Ordinal);
        Assert.Contains("undefined external variable: missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_that_is_not_a_kubernetes_object_fails_naming_the_file()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/x.jsonnet", "{ a: 1 }");
        using var scratch = new TempDirectory();
        _ = Tools.Jsonnet;
        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch).RenderAsync(App("web", repo.Path, "app"), CancellationToken.None));
        Assert.Contains("app/x.jsonnet", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_environment_substitution_follows_argo_cd()
    {
        var env = new Dictionary<string, string> { ["A"] = "1", ["ARGOCD_APP_NAME"] = "web" };
        Assert.Equal("web-1-$-x", BuildEnvironment.Substitute("$ARGOCD_APP_NAME-${A}-$$-x", env));
        Assert.Equal("[]", BuildEnvironment.Substitute("[$UNKNOWN]", env));
        Assert.Equal("cost $ 5", BuildEnvironment.Substitute("cost $ 5", env));
    }
}
