using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Hawser.Ui.Tests;

/// <summary>The pages pass axe-core's WCAG 2 A/AA rules (labels, contrast, roles) in the light and the dark theme, and the
/// list works from the keyboard.</summary>
[Collection(UiCollection.Name)]
public sealed class AccessibilityTests(UiHarness h)
{
    private static readonly AxeRunOptions Wcag = new() { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } };

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task The_login_list_and_detail_pages_have_no_WCAG_violations(string theme)
    {
        await UiHarness.EventuallyAsync(() => h.Controller.StatusOf("guestbook") is not null, "the example apps registered");
        var page = await h.NewPageAsync();
        await page.Context.AddInitScriptAsync($"localStorage.setItem('hawser.theme', '{theme}')");
        await page.GotoAsync("/login");
        await Assertions.Expect(page.GetByLabel("Username")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "login");

        await UiHarness.LoginAsync(page, "admin", h.AdminPassword);
        await Assertions.Expect(page.Locator("[data-app='guestbook']")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "list (tiles)");
        await page.GotoAsync("/applications?view=list");
        await Assertions.Expect(page.Locator(".row[data-app='guestbook']")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "list (dense)");
        await page.GotoAsync("/applications/guestbook");
        await Assertions.Expect(page.Locator("button[data-node]").First).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "detail");
        if (theme == "dark") await UiHarness.ScreenshotAsync(page, "app-detail-dark");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_skip_link_comes_first_and_arrow_keys_move_between_apps()
    {
        await UiHarness.EventuallyAsync(() => h.Controller.StatusOf("widgets") is not null, "the example apps registered");
        var page = await h.NewPageAsync();
        await UiHarness.LoginAsync(page, "admin", h.AdminPassword);
        await Assertions.Expect(page.Locator("[data-app='guestbook']")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator(":focus")).ToHaveTextAsync("Skip to content");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main")).ToBeFocusedAsync();

        await page.GotoAsync("/applications?view=list");
        await page.Locator(".row[data-app='guestbook'] a").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.Locator(".row[data-app='plain'] a")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("End");
        await Assertions.Expect(page.Locator(".row[data-app='widgets'] a")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "widgets", Exact = true })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var result = await page.RunAxe(Wcag);
        var problems = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(problems.Count == 0, $"{what}: " + string.Join("\n", problems));
    }
}
