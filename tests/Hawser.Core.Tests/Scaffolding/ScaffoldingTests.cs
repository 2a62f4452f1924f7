using Hawser.Apps;
using Hawser.Manifests;
using Hawser.Scaffolding;
using Hawser.Testing;

namespace Hawser.Core.Tests.Scaffolding;

public sealed class ScaffoldingTests
{
    private const string RepoUrl = "https://git.example.com/acme/config.git";

    private static TempDirectory RepoWithApps()
    {
        var dir = new TempDirectory("hawser-scaffold");
        dir.Write("argocd/apps/web.yaml", $$$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: web, namespace: gitops}
            spec:
              project: team
              source: {repoURL: {{{RepoUrl}}}, targetRevision: v2, path: web}
              destination: {name: prod, namespace: web}
              syncPolicy: {automated: {prune: true}}
            """);
        dir.Write("argocd/apps/api.yaml", $$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: api
              namespace: gitops
            spec:
              project: team
              source:
                repoURL: {{RepoUrl}}
                targetRevision: v2
                path: api
              destination:
                name: prod
                namespace: api
              syncPolicy:
                automated:
                  prune: true
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: batch
            spec:
              project: team
              source:
                repoURL: {{RepoUrl}}
                path: batch
              destination:
                name: prod
                namespace: batch
            """);
        dir.Write("argocd/sets/services.yaml", $$$"""
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: services, namespace: gitops}
            spec:
              generators:
              - matrix:
                  generators:
                  - git: {repoURL: {{{RepoUrl}}}, revision: HEAD, directories: [{path: "services/*"}, {path: services/legacy, exclude: true}]}
                  - list: {elements: [{env: prod}]}
              template:
                metadata: {name: "{{path.basename}}"}
                spec: {project: team, source: {repoURL: {{{RepoUrl}}}, path: "{{path}}"}, destination: {name: prod, namespace: "{{path.basename}}"}}
            """);
        dir.Write("web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n");
        return dir;
    }

    private static Application ReadApplication(string yaml)
    {
        var read = ApplicationReader.Read(ManifestReader.Read(yaml, "app.yaml"));
        read.ThrowIfErrors();
        return Assert.Single(read.Applications);
    }

    [Fact]
    public async Task A_new_app_gets_an_application_beside_the_repos_others_copying_their_conventions()
    {
        using var repo = RepoWithApps();
        var conventions = await RepoConventions.DetectAsync(repo.Path, CancellationToken.None);

        var plan = AppScaffold.Plan(conventions, new AppRequest("billing", AppKind.Kustomize, null, null, null, null, "billing", null));

        Assert.Null(plan.Generator);
        Assert.Equal(["billing/kustomization.yaml", "billing/deployment.yaml", "billing/service.yaml", "argocd/apps/billing.yaml"], plan.Files.Select(f => f.Path));
        var app = ReadApplication(plan.Files[^1].Content);
        Assert.Equal("billing", app.Name);
        Assert.Equal("gitops", app.Metadata.Namespace);
        Assert.Equal("team", app.Spec.Project);
        Assert.Equal((RepoUrl, "v2", "billing"), (app.Spec.Sources[0].RepoUrl, app.Spec.Sources[0].TargetRevision, app.Spec.Sources[0].Path));
        Assert.Equal(("prod", "billing"), (app.Spec.Destination.Name, app.Spec.Destination.Namespace));
        Assert.Contains("automated:\n      prune: true", plan.Files[^1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_an_applicationset_generates_gets_no_application_of_its_own()
    {
        using var repo = RepoWithApps();
        var conventions = await RepoConventions.DetectAsync(repo.Path, CancellationToken.None);

        var plan = AppScaffold.Plan(conventions, new AppRequest("billing", AppKind.Helm, "oci://ghcr.io/acme/charts/pay", "1.4.2", null, null, null, null));

        Assert.Equal("services/billing", plan.Folder);
        Assert.Equal("services", plan.Generator?.ApplicationSet);
        Assert.Equal(["services/billing/Chart.yaml", "services/billing/values.yaml", "services/billing/values.prod.yaml"], plan.Files.Select(f => f.Path));
        Assert.Contains("dependencies:\n- name: pay\n  version: 1.4.2\n  repository: oci://ghcr.io/acme/charts\n", plan.Files[0].Content, StringComparison.Ordinal);
        // An excluded folder is not the ApplicationSet's: it gets an Application.
        var legacy = AppScaffold.Plan(conventions, new AppRequest("legacy", AppKind.Directory, null, null, null, null, "services/legacy", null));
        Assert.Null(legacy.Generator);
        Assert.Equal("argocd/apps/legacy.yaml", legacy.Files[^1].Path);
    }

    [Theory]
    [InlineData("Billing", null, null, null, "app name \"Billing\": a lowercase RFC 1123 label")]
    [InlineData("billing", "Prod_NS", null, null, "--namespace \"Prod_NS\"")]
    [InlineData("billing", null, "../outside", null, "--path \"../outside\": give a folder inside the repository")]
    [InlineData("batch", null, "batch", null, "Application \"batch\" is already declared in argocd/apps/api.yaml")]
    [InlineData("billing", null, null, "https://charts.example.com/pay", "--chart needs --version")]
    public async Task Invalid_names_paths_and_options_are_refused_naming_what_is_wrong(string name, string? ns, string? path, string? chart, string message)
    {
        using var repo = RepoWithApps();
        var conventions = await RepoConventions.DetectAsync(repo.Path, CancellationToken.None);

        var e = Assert.Throws<ScaffoldException>(() => AppScaffold.Plan(conventions, new AppRequest(name, AppKind.Helm, chart, null, ns, null, path, null)));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_twice_changes_nothing_and_other_content_is_refused_unless_forced()
    {
        using var repo = RepoWithApps();
        var conventions = await RepoConventions.DetectAsync(repo.Path, CancellationToken.None);
        var files = ProjectScaffold.Plan(conventions, "payments", null);

        Assert.Equal([ScaffoldOutcome.Created], (await ScaffoldWriter.WriteAsync(repo.Path, files, false, CancellationToken.None)).Select(r => r.Outcome));
        Assert.Equal([ScaffoldOutcome.Unchanged], (await ScaffoldWriter.WriteAsync(repo.Path, files, false, CancellationToken.None)).Select(r => r.Outcome));

        var edited = Path.Combine(repo.Path, "projects/payments.yaml");
        await File.AppendAllTextAsync(edited, "# mine\n");
        var clusters = ClusterScaffold.Plan(conventions, "edge", "https://10.1.0.1:6443");
        var e = await Assert.ThrowsAsync<ScaffoldException>(() => ScaffoldWriter.WriteAsync(repo.Path, [.. clusters, .. files], false, CancellationToken.None));
        Assert.Equal("projects/payments.yaml: already exists with other content; nothing was written (--force overwrites)", e.Message);
        Assert.False(File.Exists(Path.Combine(repo.Path, clusters[0].Path)));
        Assert.EndsWith("# mine\n", await File.ReadAllTextAsync(edited), StringComparison.Ordinal);

        var forced = await ScaffoldWriter.WriteAsync(repo.Path, [.. clusters, .. files], true, CancellationToken.None);
        Assert.Equal([ScaffoldOutcome.Created, ScaffoldOutcome.Overwritten], forced.Select(r => r.Outcome));
        Assert.Equal(files[0].Content, await File.ReadAllTextAsync(edited));
    }

    [Fact]
    public async Task A_cluster_secret_is_argo_cds_declarative_format_with_placeholder_credentials()
    {
        using var repo = RepoWithApps();
        var conventions = await RepoConventions.DetectAsync(repo.Path, CancellationToken.None);

        var file = Assert.Single(ClusterScaffold.Plan(conventions, "edge", "https://10.1.0.1:6443"));

        Assert.Equal("clusters/edge.yaml", file.Path);
        var secret = Assert.Single(ManifestReader.Read(file.Content, file.Path));
        Assert.Equal(("Secret", "cluster-edge", "gitops"), (secret.Kind, secret.Name, secret.Namespace));
        Assert.Equal("cluster", secret.GetLabel("argocd.argoproj.io/secret-type"));
        Assert.Equal("https://10.1.0.1:6443", secret.Body["stringData"]!["server"]!.GetValue<string>());
        var config = System.Text.Json.Nodes.JsonNode.Parse(secret.Body["stringData"]!["config"]!.GetValue<string>())!;
        Assert.StartsWith("<", config["bearerToken"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Throws<ScaffoldException>(() => ClusterScaffold.Plan(conventions, "edge", "10.1.0.1:6443"));
    }
}
