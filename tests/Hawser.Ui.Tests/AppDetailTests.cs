using Hawser.Kubernetes;
using Hawser.Manifests;
using Microsoft.Playwright;

namespace Hawser.Ui.Tests;

/// <summary>The detail page of the example's manual <c>plain</c> app: sync, a committed change in the tree and the diff, a
/// Secret whose value never reaches the page, history and rollback; and a read-only user who cannot sync.</summary>
[Collection(UiCollection.Name)]
public sealed class AppDetailTests(UiHarness h)
{
    private const string SecretValue = "s3cr3t-from-git";
    private static readonly GroupVersionKind ConfigMapKind = new("", "v1", "ConfigMap");

    [Fact]
    public async Task An_app_is_synced_shows_a_committed_change_in_its_tree_and_diff_and_rolls_back_from_history()
    {
        await UiHarness.EventuallyAsync(() => h.Controller.StatusOf("plain") is not null, "the plain app registered");
        var page = await h.NewPageAsync();
        await UiHarness.LoginAsync(page, "admin", h.AdminPassword);
        await page.Locator("[data-app='plain'] a").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "plain", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("button[data-node='/ConfigMap/plain/motd']")).ToBeVisibleAsync();

        // Sync from the dialog and watch the app become Synced.
        await SyncAsync(page);
        var first = h.Controller.StatusOf("plain")!.Revisions[0];

        // A committed change: after a refresh the tree marks the object OutOfSync and its diff shows the two lines.
        var changed = (await File.ReadAllTextAsync(Path.Combine(h.Repo.Path, "plain", "configmap.yaml"))).Replace("Welcome to the plain directory app", "Welcome, changed in Git", StringComparison.Ordinal);
        await h.Repo.Write("plain/configmap.yaml", changed)
            .Write("plain/secret.yaml", $"apiVersion: v1\nkind: Secret\nmetadata: {{name: motd-key}}\nstringData: {{key: {SecretValue}}}\n")
            .CommitAsync("plain: new message and a key", CancellationToken.None);
        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Resources" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Refresh", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='app-status'] [data-sync]")).ToHaveAttributeAsync("data-sync", "OutOfSync");
        await page.Locator("button[data-node='/ConfigMap/plain/motd']").ClickAsync();
        var diff = page.Locator("[data-diff='/ConfigMap/plain/motd']");
        await Assertions.Expect(diff.Locator("td.del")).ToContainTextAsync("Welcome to the plain directory app");
        await Assertions.Expect(diff.Locator("td.add")).ToContainTextAsync("Welcome, changed in Git");
        await UiHarness.ScreenshotAsync(page, "app-detail-diff");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Unified" }).ClickAsync();
        await Assertions.Expect(diff.Locator("tr.add")).ToContainTextAsync("Welcome, changed in Git");

        // The new Secret: in the tree, its value masked in the diff and absent from the whole page.
        await page.Locator("button[data-node='/Secret/plain/motd-key']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-diff='/Secret/plain/motd-key']")).ToContainTextAsync("++++++++");
        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Diff" }).ClickAsync();
        await Assertions.Expect(page.Locator(".app-diff")).ToContainTextAsync("Welcome, changed in Git");
        var html = await page.ContentAsync();
        Assert.DoesNotContain(SecretValue, html, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(SecretValue)), html, StringComparison.Ordinal);

        await SyncAsync(page);
        Assert.Equal("Welcome, changed in Git", await MessageAsync());

        // History: two syncs; rolling back to the first puts its message back (the app is then OutOfSync with Git).
        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "History" }).ClickAsync();
        var older = page.Locator("tr[data-history]").Filter(new LocatorFilterOptions { Has = page.Locator($"code[title='{first}']") }).First;
        await older.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Roll back" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Roll back" }).ClickAsync();
        await UiHarness.EventuallyAsync(async () => await MessageAsync() == "Welcome to the plain directory app", "the rollback applied the first revision");
        await Assertions.Expect(page.Locator("[data-testid='app-status'] [data-sync]")).ToHaveAttributeAsync("data-sync", "OutOfSync");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_read_only_user_sees_sync_disabled_with_the_reason_and_a_refused_page_leaves_the_ui_working()
    {
        await UiHarness.EventuallyAsync(() => h.Controller.StatusOf("widgets") is not null, "the widgets app registered");
        var page = await h.NewPageAsync();
        await UiHarness.LoginAsync(page, "viewer", UiHarness.ViewerPassword);
        await page.GotoAsync("/applications/widgets");
        var sync = page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sync", Exact = true });
        await Assertions.Expect(sync).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByText("Your account may not sync this application (RBAC).").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Delete", Exact = true })).ToBeDisabledAsync();

        // The audit log is an administrator's view: a 403 is a message, and the navigation still works.
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Audit log" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("You may not do this");
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Applications", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-app='widgets']")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private static async Task SyncAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sync", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Prune").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Synchronize" }).ClickAsync();
        // The page shows the sync's progress, then the app Synced.
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Last sync" })).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(page.Locator("[data-operation-phase='Succeeded']")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid='app-status'] [data-sync]")).ToHaveAttributeAsync("data-sync", "Synced", new LocatorAssertionsToHaveAttributeOptions { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid='app-status'] [data-health]")).ToHaveAttributeAsync("data-health", "Healthy", new LocatorAssertionsToHaveAttributeOptions { Timeout = 60_000 });
    }

    private async Task<string?> MessageAsync()
    {
        using var cluster = KubernetesClientFactory.FromKubeconfig(h.Sandbox.KubeconfigPath, null);
        var live = await cluster.Client.GetAsync(ConfigMapKind, "plain", "motd", CancellationToken.None);
        return live?.Body["data"]?["message"]?.GetValue<string>();
    }
}
