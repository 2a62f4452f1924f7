using Hawser.Kubernetes;
using Hawser.Manifests;
using Microsoft.Playwright;

namespace Hawser.Ui.Tests;

/// <summary>Deleting apps from their detail page: with cascade (foreground) the objects go, without it they stay; the tile goes
/// either way. The two apps are children of the example's root, added to Git for this test and removed again after it.</summary>
[Collection(UiCollection.Name)]
public sealed class AppDeleteTests(UiHarness h)
{
    private const string Template = "apps/children/templates/delete-test.yaml";
    private static readonly GroupVersionKind ConfigMapKind = new("", "v1", "ConfigMap");

    [Fact]
    public async Task Delete_with_cascade_removes_the_objects_and_without_it_keeps_them_and_the_tile_goes_either_way()
    {
        await h.Repo.Write(Template, ChildApp("delete-cascade") + "---\n" + ChildApp("delete-keep"))
            .Write("delete-cascade/cm.yaml", ConfigMap())
            .Write("delete-keep/cm.yaml", ConfigMap())
            .CommitAsync("two apps to delete", CancellationToken.None);
        try
        {
            h.Controller.Refresh("root");
            await UiHarness.EventuallyAsync(async () => await ValueAsync("delete-cascade") is not null && await ValueAsync("delete-keep") is not null,
                "both apps registered and synced their ConfigMap");
            var page = await h.NewPageAsync();
            await UiHarness.LoginAsync(page, "admin", h.AdminPassword);

            await DeleteAsync(page, "delete-cascade", cascade: true);
            await UiHarness.EventuallyAsync(async () => await ValueAsync("delete-cascade") is null, "the cascade deleted the ConfigMap", TimeSpan.FromSeconds(30));

            await DeleteAsync(page, "delete-keep", cascade: false);
            Assert.Null(h.Controller.Catalog.Find("delete-keep"));
            Assert.Equal("kept", await ValueAsync("delete-keep"));
            await page.Context.CloseAsync();
        }
        finally
        {
            // Out of Git, so the root does not bring them back for the other tests.
            await h.Repo.Delete(Template).CommitAsync("the apps to delete are gone", CancellationToken.None);
            h.Controller.Refresh("root");
        }
    }

    private static async Task DeleteAsync(IPage page, string app, bool cascade)
    {
        await page.GotoAsync($"/applications/{app}");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Delete", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        var box = dialog.GetByLabel("Cascade: also delete the objects the app applied");
        await Assertions.Expect(box).ToBeCheckedAsync();
        if (!cascade) await box.UncheckAsync();
        else await Assertions.Expect(dialog.GetByLabel("Foreground")).ToBeCheckedAsync();
        var submit = dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Delete", Exact = true });
        await Assertions.Expect(submit).ToBeDisabledAsync();
        await dialog.GetByLabel($"Type {app} to confirm").FillAsync(app);
        await submit.ClickAsync();

        // Back on the list, without the app's tile.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Applications" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-app='guestbook']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"[data-app='{app}']")).ToHaveCountAsync(0);
    }

    private async Task<string?> ValueAsync(string app)
    {
        using var cluster = KubernetesClientFactory.FromKubeconfig(h.Sandbox.KubeconfigPath, null);
        var live = await cluster.Client.GetAsync(ConfigMapKind, app, "to-delete", CancellationToken.None);
        return live?.Body["data"]?["value"]?.GetValue<string>();
    }

    private static string ChildApp(string name) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: {{name}}
          namespace: {{"{{"}} .Release.Namespace {{"}}"}}
        spec:
          project: {{"{{"}} .Values.project {{"}}"}}
          source: {repoURL: {{"{{"}} .Values.repoURL {{"}}"}}, targetRevision: main, path: {{name}}}
          destination: {server: {{"{{"}} .Values.server {{"}}"}}, namespace: {{name}}}
          syncPolicy:
            automated: {prune: true}
            syncOptions: [CreateNamespace=true]

        """;

    private static string ConfigMap() => "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: to-delete}\ndata: {value: kept}\n";
}
