using System.Net;
using System.Text.Json.Nodes;
using Hawser.Apps;

namespace Hawser.Server.Tests.Api;

/// <summary>
/// RBAC bypass attempts (Argo CD's advisory class of project tokens reaching other projects and globbed names):
/// <c>proj-a</c>'s role writes <c>proj-a*/*</c> and <c>*/*</c>, which would reach <c>proj-ab</c>; a user's <c>proj-a/*</c>
/// must not match <c>proj-ab</c>'s apps; a project token cannot act as an account.
/// </summary>
public sealed class SecurityRbacTests(SecurityServer fixture) : IClassFixture<SecurityServer>
{
    private ApiClient Api => fixture.Api;

    private async Task<string> ProjectTokenAsync(string project, string role)
    {
        var server = fixture.Harness.Server!;
        var declared = (await new StoredAppProjects(server.Store).FindAsync(project, CancellationToken.None))!;
        return (await server.Accounts.GenerateProjectTokenAsync(declared, role, null, CancellationToken.None)).Token;
    }

    private async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string token, JsonNode? body = null) =>
        (await Api.TryAsync(method, path, token, body)).Status;

    [Fact]
    public async Task A_project_token_cannot_reach_a_project_whose_name_its_globs_match()
    {
        var token = await ProjectTokenAsync("proj-a", "ci");
        Assert.Equal(["a-web"], ApiClient.Names(await Api.GetAsync("api/v1/applications", token)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "api/v1/applications/a-web", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Get, "api/v1/applications/ab-web", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "api/v1/applications/ab-web/sync", token, new JsonObject()));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Delete, "api/v1/applications/ab-web?cascade=false", token));
        // The lines that could leave the project are dropped whole: not even its own apps may be synced or deleted through them.
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "api/v1/applications/a-web/sync", token, new JsonObject()));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Delete, "api/v1/applications/a-web?cascade=false", token));
        var canI = await Api.GetAsync("api/v1/account/can-i/applications/sync/proj-ab%2Fab-web", token);
        Assert.Equal("no", canI["value"]!.GetValue<string>());
        Assert.NotNull(fixture.Harness.Controller.Catalog.Find("ab-web"));

        var audit = await Api.GetAsync("api/v1/audit?user=proj:proj-a:ci", fixture.Admin);
        Assert.Contains(audit["items"]!.AsArray(), e => e!["app"]?.GetValue<string>() == "ab-web" && e["outcome"]!.GetValue<string>() == "Denied"
            && e["actorKind"]!.GetValue<string>() == "ProjectToken");
    }

    [Fact]
    public async Task A_project_token_acts_within_its_own_project_only_and_never_as_an_account()
    {
        var token = await ProjectTokenAsync("proj-ab", "ci");
        Assert.Equal(["ab-web"], ApiClient.Names(await Api.GetAsync("api/v1/applications", token)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Post, "api/v1/applications/ab-web/sync", token, new JsonObject { ["dryRun"] = true }));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Get, "api/v1/applications/a-web", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "api/v1/account/alice/token", token, new JsonObject()));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Put, "api/v1/account/password", token,
            new JsonObject { ["name"] = "alice", ["currentPassword"] = "x", ["newPassword"] = "long-enough-password" }));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Get, "api/v1/audit", token));
        Assert.Empty((await Api.GetAsync("api/v1/projects", token))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_users_project_glob_matches_its_project_only()
    {
        var alice = await fixture.LoginAsync();
        Assert.Equal(["a-web"], ApiClient.Names(await Api.GetAsync("api/v1/applications", alice)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Get, "api/v1/applications/ab-web", alice));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "api/v1/applications/ab-web/sync", alice, new JsonObject()));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Get, "api/v1/applications/ab-web/managed-resources", alice));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Get, "api/v1/applications/ab-web/resource-tree", alice));
        Assert.Equal("no", (await Api.GetAsync("api/v1/account/can-i/applications/get/proj-ab%2Fab-web", alice))["value"]!.GetValue<string>());
        Assert.Equal("yes", (await Api.GetAsync("api/v1/account/can-i/applications/get/proj-a%2Fa-web", alice))["value"]!.GetValue<string>());
    }
}
