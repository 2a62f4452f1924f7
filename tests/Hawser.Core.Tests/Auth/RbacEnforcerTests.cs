using Hawser.Apps;
using Hawser.Auth;

namespace Hawser.Core.Tests.Auth;

public sealed class RbacEnforcerTests
{
    private const string TwoTeams = """
        # two teams, a read-only auditor, a deny rule
        p, role:team-a, applications, *, team-a/*, allow
        p, role:team-a, applications, delete, team-a/prod-*, deny
        p, role:team-b, applications, get, team-b/*, allow
        p, role:team-b, applications, sync, team-b/*, allow
        p, role:team-b, applications, action/*, team-b/*, allow
        p, role:team-b, applications, update/*, team-b/*, allow
        g, alice, role:team-a
        g, team-b-devs, role:team-b
        g, role:team-a-leads, role:team-a
        g, carol, role:team-a-leads
        g, auditors, role:readonly
        """;

    private static RbacEnforcer Enforcer(string csv, string defaultRole = "", string? matchMode = null)
    {
        var data = new Dictionary<string, string> { ["policy.csv"] = csv, ["policy.default"] = defaultRole };
        if (matchMode is not null) data["policy.matchMode"] = matchMode;
        return new RbacEnforcer(RbacPolicyReader.Read(data, "argocd-rbac-cm"));
    }

    private static Caller User(string name, params string[] groups) => new(name, groups, CallerKind.Sso);

    [Fact]
    public void Nothing_is_allowed_without_a_matching_rule()
    {
        var rbac = Enforcer("");
        Assert.False(rbac.Enforce(User("mallory"), "applications", "get", "default/web"));
    }

    [Fact]
    public void The_builtin_admin_user_may_do_anything_and_readonly_may_only_get()
    {
        var rbac = Enforcer("");
        Assert.True(rbac.Enforce(User("admin"), "applications", "sync", "any/app"));
        Assert.True(rbac.Enforce(User("admin"), "clusters", "delete", "https://k8s"));
        Assert.True(rbac.Enforce(User("admin"), "applications", "get", "any/app"));
        var reader = User("r", "auditors");
        var withReader = Enforcer("g, auditors, role:readonly");
        Assert.True(withReader.Enforce(reader, "applications", "get", "p/app"));
        Assert.True(withReader.Enforce(reader, "projects", "get", "p"));
        Assert.False(withReader.Enforce(reader, "applications", "sync", "p/app"));
        Assert.False(withReader.Enforce(reader, "exec", "create", "p/app"));
    }

    [Fact]
    public void A_check_prepared_for_many_objects_keeps_deny_rules_groups_and_the_default_role_per_object()
    {
        var rbac = Enforcer(TwoTeams, defaultRole: "role:readonly");
        var delete = rbac.Prepare(User("alice"), "applications", "delete");
        Assert.True(delete("team-a/web"));
        Assert.False(delete("team-a/prod-web"));
        Assert.False(delete("team-b/web"));
        var get = rbac.Prepare(User("mallory"), "applications", "get");
        Assert.True(get("team-b/web"));
        var sync = rbac.Prepare(User("dave", "team-b-devs"), "applications", "sync");
        Assert.True(sync("team-b/web"));
        Assert.False(sync("team-a/web"));
        Assert.False(rbac.Prepare(new Caller("proj:team-b:ci", ["team-b-devs"], CallerKind.ProjectToken), "applications", "sync")("team-b/web"));
    }

    [Fact]
    public void Grants_are_transitive()
    {
        var rbac = Enforcer(TwoTeams);
        Assert.True(rbac.Enforce(User("carol"), "applications", "sync", "team-a/web"));
        Assert.False(rbac.Enforce(User("carol"), "applications", "sync", "team-b/web"));
    }

    [Fact]
    public void A_deny_wins_over_an_allow_of_the_same_subject()
    {
        var rbac = Enforcer(TwoTeams);
        Assert.True(rbac.Enforce(User("alice"), "applications", "delete", "team-a/dev-web"));
        Assert.False(rbac.Enforce(User("alice"), "applications", "delete", "team-a/prod-web"));
        Assert.True(rbac.Enforce(User("alice"), "applications", "sync", "team-a/prod-web"));
    }

    [Fact]
    public void Groups_from_the_token_are_subjects_too()
    {
        var rbac = Enforcer(TwoTeams);
        Assert.True(rbac.Enforce(User("bob", "team-b-devs"), "applications", "sync", "team-b/api"));
        Assert.False(rbac.Enforce(User("bob"), "applications", "sync", "team-b/api"));
        Assert.False(rbac.Enforce(User("bob", "team-b-devs"), "applications", "delete", "team-b/api"));
    }

    [Fact]
    public void The_default_role_applies_to_every_caller()
    {
        var rbac = Enforcer(TwoTeams, defaultRole: "role:readonly");
        Assert.True(rbac.Enforce(User("nobody"), "applications", "get", "team-a/web"));
        Assert.False(rbac.Enforce(User("nobody"), "applications", "sync", "team-a/web"));
    }

    [Fact]
    public void Action_globs_match_subresource_forms_but_not_the_bare_action()
    {
        var rbac = Enforcer(TwoTeams);
        var bob = User("bob", "team-b-devs");
        Assert.True(rbac.Enforce(bob, "applications", "action/apps/Deployment/restart", "team-b/api"));
        Assert.True(rbac.Enforce(bob, "applications", "update/apps/Deployment/ns/api", "team-b/api"));
        Assert.False(rbac.Enforce(bob, "applications", "update", "team-b/api"));
    }

    [Fact]
    public void Object_globs_cover_apps_in_other_namespaces_and_never_match_a_prefix_of_another_project()
    {
        var rbac = Enforcer(TwoTeams);
        var alice = User("alice");
        Assert.True(rbac.Enforce(alice, "applications", "get", RbacObjects.App("team-a", "tenants", "web", "argocd")));
        Assert.Equal("team-a/tenants/web", RbacObjects.App("team-a", "tenants", "web", "argocd"));
        Assert.Equal("team-a/web", RbacObjects.App("team-a", "argocd", "web", "argocd"));
        Assert.False(rbac.Enforce(alice, "applications", "get", "team-a-evil/web"));
        Assert.False(rbac.Enforce(alice, "applications", "get", "team-b/team-a/web"));
    }

    [Fact]
    public void Regex_mode_matches_whole_values_only()
    {
        var rbac = Enforcer("p, role:dev, applications, get, dev/web-.*, allow\ng, dan, role:dev", matchMode: "regex");
        Assert.True(rbac.Enforce(User("dan"), "applications", "get", "dev/web-1"));
        Assert.False(rbac.Enforce(User("dan"), "applications", "get", "xdev/web-1"));
        Assert.False(rbac.Enforce(User("dan"), "applications", "get", "dev/api-1"));
    }

    [Fact]
    public void Overlays_add_to_policy_csv_and_bad_lines_are_reported_not_used()
    {
        var policy = RbacPolicyReader.Read(new Dictionary<string, string>
        {
            ["policy.csv"] = "p, role:x, applications, get, p/*, allow\np, role:x, widgets, get, *, allow\np, role:x, applications, get\n",
            ["policy.team.csv"] = "g, erin, role:x\nq, nonsense\np, role:x, applications, sync, \"p/{a,b}\", maybe",
            ["scopes"] = "[groups, email]",
        }, "argocd-rbac-cm");
        var rbac = new RbacEnforcer(policy);
        Assert.True(rbac.Enforce(User("erin"), "applications", "get", "p/app"));
        Assert.Equal(["groups", "email"], policy.Scopes);
        Assert.Contains(policy.Warnings, w => w.Contains("policy.csv line 2: unknown resource 'widgets'", StringComparison.Ordinal));
        Assert.Contains(policy.Warnings, w => w.Contains("policy.csv line 3: a 'p' line has 6 fields", StringComparison.Ordinal));
        Assert.Contains(policy.Warnings, w => w.Contains("policy.team.csv line 2: unknown line type 'q'", StringComparison.Ordinal));
        Assert.Contains(policy.Warnings, w => w.Contains("policy.team.csv line 3: effect 'maybe'", StringComparison.Ordinal));
    }

    [Fact]
    public void Scopes_default_to_groups()
    {
        Assert.Equal(["groups"], RbacPolicy.BuiltinOnly.Scopes);
    }

    [Fact]
    public void Glob_alternatives_and_classes_work_as_in_argo_cd()
    {
        var rbac = Enforcer("p, role:x, applications, get, \"{dev,qa}/web-[0-9]\", allow\ng, u, role:x");
        Assert.True(rbac.Enforce(User("u"), "applications", "get", "qa/web-3"));
        Assert.False(rbac.Enforce(User("u"), "applications", "get", "prod/web-3"));
        Assert.False(rbac.Enforce(User("u"), "applications", "get", "qa/web-x"));
    }

    [Fact]
    public void A_project_role_grants_only_inside_its_project()
    {
        var project = Project("team-a",
            new ProjectRole("ci", "", ["p, proj:team-a:ci, applications, sync, team-a/*, allow", "p, proj:team-a:ci, applications, get, team-a/*, allow"], ["ci-bots"]));
        var projectRbac = ProjectRbac.From(project, PolicyMatchMode.Glob);
        var rbac = Enforcer("");
        var token = new Caller("proj:team-a:ci", [], CallerKind.ProjectToken, "tok-1");
        Assert.True(rbac.Enforce(token, "applications", "sync", "team-a/web", projectRbac));
        Assert.False(rbac.Enforce(token, "applications", "delete", "team-a/web", projectRbac));
        Assert.False(rbac.Enforce(token, "applications", "sync", "team-b/web", null));
        Assert.True(rbac.Enforce(User("bot", "ci-bots"), "applications", "sync", "team-a/web", projectRbac));
        Assert.Equal("team-a", token.TokenProject);
    }

    [Theory]
    [InlineData("p, proj:team-a:ci, applications, sync, */*, allow", "object '*/*' must be 'team-a/*'")]
    [InlineData("p, proj:team-a:ci, applications, sync, team-a*, allow", "object 'team-a*' must be")]
    [InlineData("p, proj:team-a:ci, applications, sync, \"team-a/{x,../team-b}\", allow", "object 'team-a/{x,../team-b}' must be")]
    [InlineData("p, proj:team-b:ci, applications, sync, team-a/*, allow", "the subject must be 'proj:team-a:ci'")]
    [InlineData("p, role:admin, applications, sync, team-a/*, allow", "the subject must be 'proj:team-a:ci'")]
    [InlineData("p, proj:team-a:ci, accounts, update, team-a/*, allow", "resource 'accounts' is not allowed in a project role")]
    [InlineData("g, proj:team-a:ci, role:admin", "may only hold 'p' lines")]
    public void A_project_role_policy_that_reaches_outside_its_project_is_refused(string line, string expected)
    {
        var project = Project("team-a", new ProjectRole("ci", "", [line], []));
        var projectRbac = ProjectRbac.From(project, PolicyMatchMode.Glob);
        Assert.Empty(projectRbac.Rules);
        Assert.Empty(projectRbac.Grants);
        var warning = Assert.Single(projectRbac.Warnings);
        Assert.Contains("AppProject \"team-a\" role \"ci\"", warning, StringComparison.Ordinal);
        Assert.Contains(expected, warning, StringComparison.Ordinal);
        var token = new Caller("proj:team-a:ci", [], CallerKind.ProjectToken);
        Assert.False(Enforcer("").Enforce(token, "applications", "sync", "team-b/web", projectRbac));
    }

    [Fact]
    public void A_project_token_does_not_gain_the_rights_of_groups()
    {
        var rbac = Enforcer("g, admins, role:admin");
        var token = new Caller("proj:team-a:ci", ["admins"], CallerKind.ProjectToken);
        Assert.False(rbac.Enforce(token, "applications", "delete", "team-a/web"));
    }

    internal static AppProject Project(string name, params ProjectRole[] roles) =>
        new(new ObjectMetadata(name, "", new Dictionary<string, string>(), new Dictionary<string, string>(), []), "", ["*"],
            [new ProjectDestination("*", null, "*")], [new GroupKindPattern("*", "*")], [], null, [], [], roles);
}
