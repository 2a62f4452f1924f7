using Hawser.Testing;
using Microsoft.Playwright;

namespace Hawser.Ui.Tests;

/// <summary>
/// The UI in Firefox: Debian's <c>firefox-esr</c> driven by Playwright over WebDriver BiDi (the <c>moz-firefox</c> channel;
/// Playwright's own patched Firefox build is never downloaded). Log in, see the example apps, open one, log out.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class FirefoxTests(UiHarness h)
{
    [Fact]
    public async Task Login_the_app_list_the_detail_page_and_logout_work_in_firefox()
    {
        var firefox = Tools.Require("firefox-esr", "/usr/bin");
        await UiHarness.EventuallyAsync(() => h.Controller.StatusOf("guestbook") is { IsSyncedAndHealthy: true }, "guestbook synced");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Firefox.LaunchAsync(new BrowserTypeLaunchOptions { Channel = "moz-firefox", ExecutablePath = firefox, Headless = true });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = h.Server.Url.ToString(), ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();

        await UiHarness.LoginAsync(page, "admin", h.AdminPassword);
        await Assertions.Expect(page.Locator("[data-app='guestbook'] [data-health]")).ToHaveTextAsync("Healthy");
        await page.Locator("[data-app='guestbook'] a").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "guestbook", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid='app-status'] [data-sync]")).ToHaveAttributeAsync("data-sync", "Synced");
        await UiHarness.ScreenshotAsync(page, "firefox-detail");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Log out" }).ClickAsync();
        await Assertions.Expect(page.GetByText("You have logged out.")).ToBeVisibleAsync();
        await context.CloseAsync();
    }
}
