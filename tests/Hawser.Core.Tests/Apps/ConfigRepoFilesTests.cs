using Hawser.Apps;
using Hawser.Testing;

namespace Hawser.Core.Tests.Apps;

/// <summary>Which files of a config repo are its manifests.</summary>
public sealed class ConfigRepoFilesTests
{
    [Fact]
    public void Yaml_and_json_files_are_listed_in_order_without_hidden_folders_or_helm_templates()
    {
        using var dir = new TempDirectory("hawser-files");
        foreach (var file in new[]
        {
            "apps/b.yaml", "apps/a.yml", "plain/quota.json", "web/.argocd-source-web.yaml", "web/.hidden.yaml", ".github/workflows/ci.yml",
            "charts/api/Chart.yaml", "charts/api/values.yaml", "charts/api/templates/cm.yaml", "templates/not-a-chart.yaml", "README.md",
        })
        {
            dir.Write(file, "a: 1\n");
        }

        Assert.Equal(
            ["apps/a.yml", "apps/b.yaml", "charts/api/Chart.yaml", "charts/api/values.yaml", "plain/quota.json", "templates/not-a-chart.yaml", "web/.argocd-source-web.yaml"],
            ConfigRepoFiles.List(dir.Path));
    }
}
