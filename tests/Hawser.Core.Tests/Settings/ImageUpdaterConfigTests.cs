using Hawser.Settings;
using Hawser.Testing;

namespace Hawser.Core.Tests.Settings;

public sealed class ImageUpdaterConfigTests
{
    private static string ConfigMap(string data) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata: {"{"}name: argocd-image-updater-config, namespace: argocd{"}"}
        data:
        {string.Join("\n", data.Split('\n').Select(l => "  " + l))}
        """;

    [Fact]
    public async Task Registries_conf_and_the_commit_author_are_read_and_other_keys_are_warned_about()
    {
        using var dir = new TempDirectory();
        dir.Write("image-updater.yaml", ConfigMap("""
            git.user: release-bot
            git.email: bot@example.com
            log.level: debug
            registries.conf: |
              registries:
              - name: GitHub
                prefix: ghcr.io
                api_url: https://ghcr.io
                credentials: pullsecret:argocd/ghcr
                limit: 5
                default: true
            """));

        var settings = await SettingsFiles.LoadAsync(dir);

        var registry = Assert.Single(settings.ImageUpdater.Registries.Endpoints);
        Assert.Equal(("ghcr.io", "https://ghcr.io", "pullsecret:argocd/ghcr", 5.0, true),
            (registry.Prefix, registry.ApiUrl, registry.Credentials?.ToString(), registry.Limit, registry.IsDefault));
        Assert.Equal(new Hawser.Images.GitAuthor("release-bot", "bot@example.com"), settings.ImageUpdater.Author);
        var warning = Assert.Single(settings.Warnings);
        Assert.Contains("argocd-image-updater-config", warning.ToString(), StringComparison.Ordinal);
        Assert.Contains("log.level", warning.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_registry_entry_stops_the_settings_naming_the_ConfigMap_the_entry_and_the_field()
    {
        using var dir = new TempDirectory();
        dir.Write("image-updater.yaml", ConfigMap("""
            registries.conf: |
              registries:
              - prefix: ghcr.io
                api_url: ghcr.io
              - prefix: quay.io
                api_url: https://quay.io
                credentials: token:abc
            """));

        var e = await Assert.ThrowsAsync<SettingsException>(() => SettingsFiles.LoadAsync(dir));

        Assert.Contains("argocd-image-updater-config", e.Message, StringComparison.Ordinal);
        Assert.Contains("registries[0].api_url: expected an http(s) URL, got 'ghcr.io'", e.Message, StringComparison.Ordinal);
        Assert.Contains("registries[1].credentials: not a credential reference", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("token:abc", e.Message, StringComparison.Ordinal);
    }
}
