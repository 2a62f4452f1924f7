using Microsoft.Playwright;

namespace Hawser.Ui.Tests;

/// <summary>The read pages: ApplicationSets, projects, clusters and repositories from the server's API, and the audit log
/// with a filter kept in the URL.</summary>
[Collection(UiCollection.Name)]
public sealed class ReadPagesTests(UiHarness h)
{
    [Fact]
    public async Task Projects_clusters_repositories_and_applicationsets_show_what_the_example_declares()
    {
        await UiHarness.EventuallyAsync(() => h.Controller.StatusOf("guestbook") is not null, "the example apps registered");
        var page = await h.NewPageAsync();
        await UiHarness.LoginAsync(page, "admin", h.AdminPassword);

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Projects" }).ClickAsync();
        var demo = page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "The example apps." });
        await Assertions.Expect(demo.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "demo" })).ToBeVisibleAsync();
        await Assertions.Expect(demo).ToContainTextAsync("file://" + h.Repo.Path);

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Clusters" }).ClickAsync();
        var cluster = page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "https://kubernetes.default.svc" });
        await Assertions.Expect(cluster).ToContainTextAsync("in-cluster");
        await Assertions.Expect(cluster).ToContainTextAsync("Successful");

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Repositories" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Repositories" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "ApplicationSets" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No ApplicationSets.")).ToBeVisibleAsync();

        // A project's link opens the app list filtered to it.
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Projects" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "demo", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("shown-count")).ToHaveTextAsync("5 of 6 applications");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_audit_log_lists_logins_and_filters_by_user_from_the_url()
    {
        var page = await h.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("Username").FillAsync("viewer");
        await page.GetByLabel("Password").FillAsync("wrong-password");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Log in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Login failed");

        await page.GetByLabel("Username").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(h.AdminPassword);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Log in", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Audit log" }).ClickAsync();
        await page.GetByLabel("User").FillAsync("viewer");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Apply filters" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/audit\\?.*user=viewer"));
        var rows = page.Locator("table.audit tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        foreach (var row in await rows.AllAsync()) await Assertions.Expect(row.Locator("td").Nth(1)).ToContainTextAsync("viewer");
        await Assertions.Expect(rows.Filter(new LocatorFilterOptions { HasText = "Denied" }).Or(rows.Filter(new LocatorFilterOptions { HasText = "Failed" })).First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
