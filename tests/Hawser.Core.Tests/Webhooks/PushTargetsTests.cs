using Hawser.Apps;
using Hawser.Manifests;
using Hawser.Webhooks;

namespace Hawser.Core.Tests.Webhooks;

public sealed class PushTargetsTests
{
    private const string Repo = "https://github.com/org/config.git";

    private static Application App(string name, string revision = "main", string path = "apps/web", string repo = Repo, string? paths = null)
    {
        var annotations = paths is null ? "{}" : $"{{\"argocd.argoproj.io/manifest-generate-paths\": \"{paths}\"}}";
        var yaml = $"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {"{"}name: {name}, annotations: {annotations}{"}"}
            spec:
              project: default
              source: {"{"}repoURL: "{repo}", targetRevision: "{revision}", path: {path}{"}"}
              destination: {"{"}server: https://kubernetes.default.svc, namespace: web{"}"}
            """;
        return AppDefinition.Read(yaml, $"{name}.yaml").Apps.Single().Application;
    }

    private static GitPush Push(string reference = "refs/heads/main", IReadOnlyList<string>? files = null, string? defaultBranch = "main", string url = "git@github.com:org/config.git") =>
        new("GitHub", [url], [PushedRef.Parse(reference)], defaultBranch, files);

    [Fact]
    public void A_push_refreshes_the_apps_of_that_repository_and_branch_only()
    {
        var apps = new[] { App("web"), App("other-repo", repo: "https://github.com/org/other"), App("staging", revision: "staging") };

        Assert.Equal(["web"], PushTargets.Find(Push(), apps, []).Apps);
    }

    [Fact]
    public void A_push_to_another_branch_refreshes_nothing()
    {
        Assert.Empty(PushTargets.Find(Push("refs/heads/feature"), [App("web")], []).Apps);
    }

    [Fact]
    public void HEAD_and_an_empty_revision_follow_the_default_branch()
    {
        var apps = new[] { App("head", revision: "HEAD"), App("empty", revision: "") };

        Assert.Equal(["empty", "head"], PushTargets.Find(Push(), apps, []).Apps);
        Assert.Empty(PushTargets.Find(Push("refs/heads/feature"), apps, []).Apps);
        Assert.Equal(["empty", "head"], PushTargets.Find(Push("refs/heads/feature", defaultBranch: null), apps, []).Apps);
    }

    [Fact]
    public void A_tag_push_refreshes_apps_on_that_tag_by_short_or_full_name()
    {
        var apps = new[] { App("short", revision: "v1.2.0"), App("full", revision: "refs/tags/v1.2.0"), App("head", revision: "HEAD") };

        Assert.Equal(["full", "short"], PushTargets.Find(Push("refs/tags/v1.2.0"), apps, []).Apps);
    }

    [Fact]
    public void An_app_pinned_to_a_commit_never_moves_with_a_push()
    {
        Assert.Empty(PushTargets.Find(Push(), [App("pinned", revision: "8c2b288d9e14a0fa7efb3577224839f38bf93d3d")], []).Apps);
    }

    [Fact]
    public void With_manifest_generate_paths_only_a_change_under_those_paths_refreshes_the_app()
    {
        var apps = new[]
        {
            App("dot", paths: "."),
            App("absolute", path: "apps/api", paths: "/shared"),
            App("relative-up", path: "apps/db", paths: "../../shared;."),
            App("plain", path: "apps/other"),
        };

        Assert.Equal(["dot", "plain"], PushTargets.Find(Push(files: ["apps/web/deployment.yaml"]), apps, []).Apps);
        Assert.Equal(["absolute", "plain", "relative-up"], PushTargets.Find(Push(files: ["shared/values.yaml"]), apps, []).Apps);
        Assert.Equal(["plain"], PushTargets.Find(Push(files: ["README.md"]), apps, []).Apps);
    }

    [Fact]
    public void With_manifest_generate_paths_a_push_that_lists_no_files_refreshes_the_app()
    {
        Assert.Equal(["dot"], PushTargets.Find(Push(files: null), [App("dot", paths: ".")], []).Apps);
    }

    [Fact]
    public void A_path_that_only_shares_a_prefix_is_not_under_the_directory()
    {
        Assert.Empty(PushTargets.Find(Push(files: ["apps/web-2/cm.yaml"]), [App("dot", paths: ".")], []).Apps);
    }

    [Fact]
    public void An_ApplicationSet_with_a_git_generator_on_the_pushed_branch_is_generated_again()
    {
        var yaml = """
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: clusters}
            spec:
              generators:
              - matrix:
                  generators:
                  - git: {repoURL: "https://GitHub.com/org/config", revision: main, directories: [{path: "envs/*"}]}
                  - list: {elements: [{cluster: a}]}
              template:
                metadata: {name: "{{path.basename}}-{{cluster}}"}
                spec:
                  project: default
                  source: {repoURL: "https://github.com/org/config", targetRevision: main, path: "{{path}}"}
                  destination: {server: https://kubernetes.default.svc, namespace: "{{path.basename}}"}
            """;
        var set = ApplicationReader.Read(ManifestReader.Read(yaml, "set.yaml")).ApplicationSets.Single();

        Assert.Equal(["clusters"], PushTargets.Find(Push(), [], [set]).Sets);
        Assert.Empty(PushTargets.Find(Push("refs/heads/other"), [], [set]).Sets);
    }
}
