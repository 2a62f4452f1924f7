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
}
