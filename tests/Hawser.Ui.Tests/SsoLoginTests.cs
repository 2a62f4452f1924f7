using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Hawser.Ui.Tests;

/// <summary>Logging in through the OpenID Connect provider of <c>oidc.config</c>, as a browser does.</summary>
[Collection(UiCollection.Name)]
public sealed class SsoLoginTests(UiHarness h)
{
    [Fact]
    public async Task Log_in_via_SSO_keeps_the_token_clears_it_from_the_address_bar_and_returns_to_the_page_asked_for()
    {
        await UiHarness.EventuallyAsync(() => h.Controller.StatusOf("guestbook") is not null, "the guestbook app registered");
        h.Oidc.User = ("sso-alice", ["ui-viewers"]);
        var page = await h.NewPageAsync();
        await page.GotoAsync("/applications?search=guest");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?return="));

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Log in via Test IdP" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Applications" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("username")).ToHaveTextAsync("sso-alice");
        await Assertions.Expect(page.Locator("[data-app='guestbook']")).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/applications\\?search=guest$"));
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        var stored = await page.EvaluateAsync<string?>("() => localStorage.getItem('hawser.token')");
        Assert.False(string.IsNullOrEmpty(stored));

        // The stored token is a session like a password login's: a reload keeps it; a read-only role may not sync.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("username")).ToHaveTextAsync("sso-alice");
        await page.GotoAsync("/applications/guestbook");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sync", Exact = true })).ToBeDisabledAsync();
        await page.Context.CloseAsync();
    }
}
