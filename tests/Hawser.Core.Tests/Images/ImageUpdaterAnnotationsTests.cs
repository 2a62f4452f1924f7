using Hawser.Images;

namespace Hawser.Core.Tests.Images;

public sealed class ImageUpdaterAnnotationsTests
{
    private const string P = ImageUpdaterAnnotations.Prefix;

    [Fact]
    public void Image_list_aliases_constraints_and_per_alias_settings_are_read_as_image_updater_defines_them()
    {
        var settings = ImageUpdaterAnnotations.Read(new Dictionary<string, string>
        {
            [P + "image-list"] = "web=ghcr.io/acme/web:~1.26, nginx, api=registry.local:5000/api",
            [P + "api.update-strategy"] = "latest",
            [P + "api.allow-tags"] = "regexp:^main-",
            [P + "api.ignore-tags"] = "main-skip*, old",
            [P + "api.platforms"] = "linux/amd64,linux/arm64",
            [P + "api.pull-secret"] = "secret:argocd/reg#creds",
            [P + "web.helm.image-spec"] = "web.image",
            [P + "nginx.update-strategy"] = "name",
            [P + "write-back-method"] = "git:secret:argocd/git-creds",
            [P + "git-branch"] = "main:image-updates-{{.SHA256}}",
            [P + "write-back-target"] = "helmvalues:/env/prod/values.yaml",
        }, "app")!;

        var (web, nginx, api) = (settings.Images[0], settings.Images[1], settings.Images[2]);
        Assert.Equal(("web", "ghcr.io/acme/web", "~1.26", UpdateStrategy.Semver, "web.image"), (web.Alias, web.Image.Canonical, web.Constraint, web.Strategy, web.HelmImageSpec));
        Assert.Equal(("nginx", "docker.io/library/nginx", UpdateStrategy.Alphabetical, "image.name", "image.tag"), (nginx.Alias, nginx.Image.Canonical, nginx.Strategy, nginx.HelmImageName, nginx.HelmImageTag));
        Assert.Equal(UpdateStrategy.NewestBuild, api.Strategy);
        Assert.True(TagSelector.Allowed(api, "main-42"));
        Assert.False(TagSelector.Allowed(api, "feature-1"));
        Assert.False(TagSelector.Allowed(api, "main-skip-7"));
        Assert.Equal(["linux/amd64", "linux/arm64"], api.Platforms.Select(p => p.ToString()));
        Assert.Equal("secret:argocd/reg#creds", api.PullSecret!.ToString());
        Assert.Equal((WriteBackMethod.Git, "argocd", "git-creds"), (settings.Method, settings.GitCredentials!.Namespace, settings.GitCredentials.Name));
        Assert.Equal(new WriteBackTarget(WriteBackTargetKind.HelmValues, "/env/prod/values.yaml"), settings.Target);
        Assert.Equal("main:image-updates-{{.SHA256}}", settings.GitBranch);
    }

    [Fact]
    public void An_app_without_an_image_list_has_no_settings_and_bad_values_are_all_reported_by_annotation()
    {
        Assert.Null(ImageUpdaterAnnotations.Read(new Dictionary<string, string>(), "app"));

        var error = Assert.Throws<ImageException>(() => ImageUpdaterAnnotations.Read(new Dictionary<string, string>
        {
            [P + "image-list"] = "a=nginx:not~a~range, b=redis",
            [P + "b.update-strategy"] = "fastest",
            [P + "write-back-method"] = "svn",
        }, "app"));

        Assert.Contains("not~a~range", error.Message, StringComparison.Ordinal);
        Assert.Contains(P + "b.update-strategy: 'fastest'", error.Message, StringComparison.Ordinal);
        Assert.Contains(P + "write-back-method: 'svn'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registries_conf_entries_are_matched_by_prefix_and_report_bad_fields()
    {
        var config = RegistriesConfig.Parse("""
            registries:
            - name: Docker Hub
              prefix: docker.io
              api_url: https://registry-1.docker.io
              defaultns: library
              default: true
              limit: 5
            - name: Local
              prefix: registry.local:5000
              api_url: http://127.0.0.1:5000
              credentials: env:REGISTRY_CREDS
              insecure: yes
            """, "registries.conf");

        Assert.Equal("Local", config.For(ImageReference.Parse("registry.local:5000/team/api"))!.Name);
        Assert.Equal(5, config.For(ImageReference.Parse("nginx"))!.Limit);
        Assert.True(config.For(ImageReference.Parse("registry.local:5000/x"))!.Insecure);
        Assert.Null(config.For(ImageReference.Parse("ghcr.io/x/y")));
        var error = Assert.Throws<ImageException>(() => RegistriesConfig.Parse("registries:\n- api_url: ftp://x\n- api_url: https://y\n  limit: -1\n  credentials: vault:x\n", "registries.conf"));
        Assert.Contains("registries[0].api_url", error.Message, StringComparison.Ordinal);
        Assert.Contains("registries[1].credentials", error.Message, StringComparison.Ordinal);
        Assert.Contains("registries[1].limit", error.Message, StringComparison.Ordinal);
    }
}
