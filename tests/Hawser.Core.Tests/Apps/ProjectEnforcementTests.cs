using Hawser.Apps;
using Hawser.State;

namespace Hawser.Core.Tests.Apps;

/// <summary>AppProject rules and sync windows through the whole pipeline, on the sandbox: a refused sync writes nothing.</summary>
public sealed class ProjectEnforcementTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly AppSyncSettings Manual = new("cli:alice");
    private static readonly AppSyncSettings Automated = new("automated", Automated: true);

    private static Func<IStateStore, AppProjects> Projects(string spec) =>
        _ => new AppProjects(new AppProjectRulesTests.ListedProjects([AppProjectRulesTests.Read(spec)]), AppProjectRules.DefaultControlNamespaces);

    private const string TeamProject = """
          sourceRepos: ['*']
          destinations: [{server: 'https://kubernetes.default.svc', namespace: 'team-*'}]
          clusterResourceWhitelist: [{group: '', kind: Namespace}]
          namespaceResourceBlacklist: [{group: '', kind: Secret}]

        """;

    [Fact]
    public async Task A_cluster_scoped_kind_outside_the_whitelist_fails_the_sync_and_nothing_is_written()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct, Projects(TeamProject));
        await h.Repo.Write("web/cm.yaml", AppServiceHarness.ConfigMap("settings", "one"))
            .Write("web/role.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: escalate}\nrules: []\n")
            .CommitAsync("web", Ct);
        var app = h.App("web", "web", "team-web", "  syncPolicy:\n    syncOptions: [CreateNamespace=true]", project: "team");

        var report = await h.Service.SyncAsync(app, Manual, null, Ct);

        Assert.Equal(OperationPhase.Failed, report.Sync.Phase);
        Assert.Contains("ClusterRole/escalate: cluster-scoped kind rbac.authorization.k8s.io/ClusterRole is not permitted by AppProject \"team\" (spec.clusterResourceWhitelist)", report.Sync.Operation.Message, StringComparison.Ordinal);
        Assert.Null(await h.GetAsync("v1", "Namespace", "", "team-web", Ct));
        Assert.Null(await h.GetAsync("v1", "ConfigMap", "team-web", "settings", Ct));
        Assert.Null(await h.GetAsync("rbac.authorization.k8s.io/v1", "ClusterRole", "", "escalate", Ct));
        Assert.Empty(await h.Store.GetInventoryAsync("web", Ct));
    }

    [Fact]
    public async Task Blacklisted_kinds_and_objects_in_other_namespaces_are_refused_by_name()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct, Projects(TeamProject));
        await h.Repo.Write("web/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\nstringData: {password: hunter2}\n")
            .Write("web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: sneaky, namespace: kube-system}\ndata: {a: b}\n")
            .CommitAsync("web", Ct);
        var app = h.App("web", "web", "team-web", "  syncPolicy:\n    syncOptions: [CreateNamespace=true]", project: "team");

        var dryRun = await h.Service.SyncAsync(app, Manual with { DryRun = true }, null, Ct);
        Assert.Equal(OperationPhase.Failed, dryRun.Sync.Phase);
        var report = await h.Service.SyncAsync(app, Manual, null, Ct);

        Assert.Equal(OperationPhase.Failed, report.Sync.Phase);
        var message = report.Sync.Operation.Message;
        Assert.Contains("Secret/team-web/creds: namespaced kind Secret is not permitted by AppProject \"team\" (spec.namespaceResourceBlacklist)", message, StringComparison.Ordinal);
        Assert.Contains("ConfigMap/kube-system/sneaky: namespace \"kube-system\"", message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", message, StringComparison.Ordinal);
        Assert.Null(await h.GetAsync("v1", "ConfigMap", "kube-system", "sneaky", Ct));
        Assert.Null(await h.GetAsync("v1", "Namespace", "", "team-web", Ct));
    }

    [Fact]
    public async Task A_destination_or_source_outside_the_project_is_refused_before_rendering()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct, Projects(TeamProject.Replace("sourceRepos: ['*']", "sourceRepos: ['https://git.example.com/team/*']", StringComparison.Ordinal)));
        await h.Repo.Write("web/cm.yaml", AppServiceHarness.ConfigMap("settings", "one")).CommitAsync("web", Ct);
        var app = h.App("web", "web", "kube-system", project: "team");

        var e = await Assert.ThrowsAsync<ProjectViolationException>(() => h.Service.SyncAsync(app, Manual, null, Ct));

        Assert.Contains(e.Violations, v => v.StartsWith("AppProject \"team\": spec.destinations: destination server \"https://kubernetes.default.svc\" namespace \"kube-system\"", StringComparison.Ordinal));
        Assert.Contains(e.Violations, v => v.StartsWith($"AppProject \"team\": spec.sourceRepos: repository \"{h.Repo.Path}\"", StringComparison.Ordinal));
        Assert.Null(await h.GetAsync("v1", "ConfigMap", "kube-system", "settings", Ct));
        Assert.Null(await h.Store.GetLatestOperationAsync("web", Ct));
    }

    [Fact]
    public async Task A_deny_window_blocks_an_automated_sync_and_lets_a_manual_one_through_with_manual_sync()
    {
        var spec = TeamProject + "  syncWindows:\n  - {kind: deny, schedule: '* * * * *', duration: 1h, applications: ['web'], manualSync: true}\n";
        await using var h = await AppServiceHarness.StartAsync(Ct, Projects(spec));
        await h.Repo.Write("web/cm.yaml", AppServiceHarness.ConfigMap("settings", "one")).CommitAsync("web", Ct);
        var app = h.App("web", "web", "team-web", "  syncPolicy:\n    syncOptions: [CreateNamespace=true]", project: "team");

        var e = await Assert.ThrowsAsync<ProjectViolationException>(() => h.Service.SyncAsync(app, Automated, null, Ct));
        Assert.Contains("blocked by deny sync window spec.syncWindows[0]", e.Message, StringComparison.Ordinal);
        Assert.Null(await h.GetAsync("v1", "ConfigMap", "team-web", "settings", Ct));

        var manual = await h.Service.SyncAsync(app, Manual, null, Ct);
        Assert.Equal(OperationPhase.Succeeded, manual.Sync.Phase);
        Assert.NotNull(await h.GetAsync("v1", "ConfigMap", "team-web", "settings", Ct));
    }

    [Fact]
    public async Task An_app_naming_an_undeclared_project_is_refused()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        await h.Repo.Write("web/cm.yaml", AppServiceHarness.ConfigMap("settings", "one")).CommitAsync("web", Ct);
        var app = h.App("web", "web", "web", project: "ghost");
        var e = await Assert.ThrowsAsync<ProjectViolationException>(() => h.Service.SyncAsync(app, Manual, null, Ct));
        Assert.Contains("spec.project: AppProject \"ghost\" does not exist", e.Message, StringComparison.Ordinal);
    }
}
