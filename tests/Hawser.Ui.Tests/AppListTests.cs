using Microsoft.Playwright;

namespace Hawser.Ui.Tests;

/// <summary>Logging in and out, and the application list of the example config repo.</summary>
[Collection(UiCollection.Name)]
public sealed class AppListTests(UiHarness h)
{
    private static readonly string[] ExampleApps = ["guestbook", "plain", "root", "shop", "waves", "widgets"];

    [Fact]
    public async Task After_login_every_app_of_the_example_repo_shows_with_the_status_the_API_reports()
    {
        await UiHarness.EventuallyAsync(() => ExampleApps.All(a => h.Controller.StatusOf(a) is not null) && h.Controller.StatusOf("guestbook") is { IsSyncedAndHealthy: true },
            "the example apps registered and guestbook synced");
        var page = await h.NewPageAsync();
        await UiHarness.LoginAsync(page, "admin", h.AdminPassword);

        foreach (var app in ExampleApps)
        {
            var (sync, health) = await h.ApiStatusAsync(app);
            var tile = page.Locator($"[data-app='{app}']");
            await Assertions.Expect(tile.Locator("[data-sync]")).ToHaveAttributeAsync("data-sync", sync);
            await Assertions.Expect(tile.Locator("[data-health]")).ToHaveAttributeAsync("data-health", health);
        }
        await Assertions.Expect(page.Locator("[data-app='guestbook'] [data-health]")).ToHaveTextAsync("Healthy");
        await Assertions.Expect(page.Locator("[data-app='guestbook'] [data-sync]")).ToHaveTextAsync("Synced");
        await Assertions.Expect(page.GetByTestId("shown-count")).ToHaveTextAsync("6 of 6 applications");
        await UiHarness.ScreenshotAsync(page, "app-list-tiles");

        // The dense list, and a filter kept in the URL: a reload shows the same view.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "List", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Searchbox).FillAsync("shop");
        await Assertions.Expect(page.GetByTestId("shown-count")).ToHaveTextAsync("1 of 6 applications");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("shown-count")).ToHaveTextAsync("1 of 6 applications");
        Assert.Contains("search=shop", page.Url, StringComparison.Ordinal);
        Assert.Contains("view=list", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator(".row[data-app='shop']")).ToBeVisibleAsync();
        await UiHarness.ScreenshotAsync(page, "app-list-dense");

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Log out" }).ClickAsync();
        await Assertions.Expect(page.GetByText("You have logged out.")).ToBeVisibleAsync();
        await page.GotoAsync("/applications");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Log in to Hawser" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_refused_on_the_login_page()
    {
        var page = await h.NewPageAsync();
        await page.GotoAsync("/applications?health=Degraded");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?return="));
        await page.GetByLabel("Username").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Log in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Login failed");

        // The right password returns to the page asked for, filter included.
        await page.GetByLabel("Password").FillAsync(h.AdminPassword);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Log in", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/applications\\?health=Degraded$"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_change_the_server_sees_reaches_the_open_list_without_a_reload()
    {
        await UiHarness.EventuallyAsync(() => h.Controller.StatusOf("widgets") is not null, "the widgets app registered");
        var page = await h.NewPageAsync();
        await UiHarness.LoginAsync(page, "admin", h.AdminPassword);
        await Assertions.Expect(page.GetByText("Live updates on")).ToBeVisibleAsync();
        var marker = await page.EvaluateAsync<string>("() => { window.hawserMarker = 'same page'; return window.hawserMarker; }");

        var widgets = Path.Combine(h.Repo.Path, "widgets", "widgets.yaml");
        await h.Repo.Write("widgets/widgets.yaml", (await File.ReadAllTextAsync(widgets)) + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: widgets-live-update}\ndata: {a: b}\n")
            .CommitAsync("widgets: one more object", CancellationToken.None);
        h.Controller.Refresh("widgets");

        await Assertions.Expect(page.Locator("[data-app='widgets'] [data-sync]")).ToHaveAttributeAsync("data-sync", "OutOfSync", new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
        Assert.Equal(marker, await page.EvaluateAsync<string>("() => window.hawserMarker"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_refused_session_returns_to_the_login_page_and_then_to_the_page_the_user_was_on()
    {
        var page = await h.NewPageAsync();
        await UiHarness.LoginAsync(page, "admin", h.AdminPassword);
        await page.GotoAsync("/applications/guestbook?tab=history");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "guestbook", Exact = true })).ToBeVisibleAsync();

        // The token stops being valid (expired or revoked): the next request is refused.
        await page.EvaluateAsync("() => localStorage.setItem('hawser.token', 'not-a-valid-token')");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByText("Your session has expired. Log in again.")).ToBeVisibleAsync();
        await page.GetByLabel("Username").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(h.AdminPassword);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Log in", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/applications/guestbook\\?tab=history$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "History" })).ToHaveAttributeAsync("aria-selected", "true");
        await page.Context.CloseAsync();
    }
}
