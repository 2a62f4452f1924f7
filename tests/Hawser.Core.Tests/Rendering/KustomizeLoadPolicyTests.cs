using Hawser.Rendering;
using Hawser.Testing;
using static Hawser.Core.Tests.Rendering.RenderFixtures;

namespace Hawser.Core.Tests.Rendering;

public sealed class KustomizeLoadPolicyTests
{
    private static readonly string[] Allowed = [KustomizeLoadPolicy.LoadRestrictionsNone];

    private static Hawser.Apps.Application App(string repo) => RenderFixtures.App($$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: thief
          annotations: {hawser.io/kustomize-build-options: "--load-restrictor LoadRestrictionsNone"}
        spec:
          project: default
          source: {repoURL: {{repo}}, path: app}
          destination: {server: https://kubernetes.default.svc, namespace: x}
        """);

    [Fact]
    public async Task An_app_asking_for_LoadRestrictionsNone_without_the_operators_permission_fails_to_render()
    {
        using var repo = new TempDirectory("hawser-repo");
        using var scratch = new TempDirectory();
        repo.Write("app/kustomization.yaml", "resources: [cm.yaml]\n");
        repo.Write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");

        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch).RenderAsync(App(repo.Path), CancellationToken.None));

        Assert.Contains("build option '--load-restrictor LoadRestrictionsNone' is not allowed for apps", e.Message, StringComparison.Ordinal);
        Assert.Single((await Renderer(scratch, allowedBuildOptions: Allowed).RenderAsync(App(repo.Path), CancellationToken.None)).Objects);
    }

    [Theory]
    [InlineData("configMapGenerator: [{name: loot, files: [/etc/passwd]}]\n", "configMapGenerator[0].files[0]: \"/etc/passwd\" is an absolute path")]
    [InlineData("configMapGenerator: [{name: loot, files: [key=../../../../../../etc/hostname]}]\n", "points outside the repository")]
    [InlineData("resources: [../../outside]\n", "resources[0]: \"../../outside\" points outside the repository")]
    [InlineData("secretGenerator: [{name: loot, envs: [/proc/self/environ]}]\n", "is an absolute path")]
    public async Task Even_when_allowed_a_kustomization_never_loads_a_host_file(string kustomization, string expected)
    {
        using var repo = new TempDirectory("hawser-repo");
        using var scratch = new TempDirectory();
        repo.Write("app/kustomization.yaml", kustomization);

        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch, allowedBuildOptions: Allowed).RenderAsync(App(repo.Path), CancellationToken.None));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(Path.Combine("app", "kustomization.yaml"), e.Message, StringComparison.Ordinal);
    }
}
