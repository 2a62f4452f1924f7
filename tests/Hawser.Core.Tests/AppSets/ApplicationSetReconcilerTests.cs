using Hawser.AppSets;
using Hawser.State;

namespace Hawser.Core.Tests.AppSets;

public sealed class ApplicationSetReconcilerTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static string Set(string policy, string envs, string revision = "main", string extra = "")
    {
        var elements = string.Join(", ", envs.Split(',').Select(e => "{env: " + e + "}"));
        return $$$"""
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: envs}
            spec:
              generators:
                - list:
                    elements: [{{{elements}}}]
              syncPolicy:
                applicationsSync: {{{policy}}}
            {{{extra}}}
              template:
                metadata:
                  name: 'app-{{env}}'
                  finalizers: [resources-finalizer.argocd.argoproj.io]
                spec:
                  project: default
                  source: {repoURL: 'https://example.com/r.git', path: 'envs/{{env}}', targetRevision: {{{revision}}}}
                  destination: {server: 'https://kubernetes.default.svc', namespace: '{{env}}'}
            """;
    }

    private static async Task<AppSetPlan> ReconcileAsync(AppSetFixture f, IStateStore store, string yaml, List<string>? deleted = null)
    {
        var reconciler = new ApplicationSetReconciler(store);
        var plan = await reconciler.PlanAsync(await f.GenerateAsync(yaml), Ct);
        await reconciler.ApplyAsync(plan, (app, _) =>
        {
            deleted?.Add(app.Name);
            return Task.CompletedTask;
        }, Ct);
        return plan;
    }

    private static AppSetAppAction ActionOf(AppSetPlan plan, string name) => plan.Changes.Single(c => c.Name == name).Action;

    [Fact]
    public async Task Create_only_never_updates_or_deletes_while_create_delete_deletes_but_never_updates()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        await using var store = await StateStores.OpenInMemoryAsync(TimeProvider.System, Ct);

        var created = await ReconcileAsync(f, store, Set("create-only", "dev,prod"));
        Assert.Equal([AppSetAppAction.Created, AppSetAppAction.Created], created.Changes.Select(c => c.Action));

        var createOnly = await ReconcileAsync(f, store, Set("create-only", "dev", revision: "v2"));
        Assert.Equal(AppSetAppAction.Kept, ActionOf(createOnly, "app-dev"));
        Assert.Equal(AppSetAppAction.Kept, ActionOf(createOnly, "app-prod"));
        Assert.Contains("\"main\"", (await store.GetChildAppAsync("Application", "app-dev", Ct))!.ObjectJson, StringComparison.Ordinal);

        var deleted = new List<string>();
        var createDelete = await ReconcileAsync(f, store, Set("create-delete", "dev", revision: "v2"), deleted);
        Assert.Equal(AppSetAppAction.Kept, ActionOf(createDelete, "app-dev"));
        Assert.Equal(AppSetAppAction.Deleted, ActionOf(createDelete, "app-prod"));
        Assert.Equal(["app-prod"], deleted);
        Assert.Null(await store.GetChildAppAsync("Application", "app-prod", Ct));

        var sync = await ReconcileAsync(f, store, Set("sync", "dev", revision: "v2"));
        Assert.Equal(AppSetAppAction.Updated, ActionOf(sync, "app-dev"));
        Assert.Contains("\"v2\"", (await store.GetChildAppAsync("Application", "app-dev", Ct))!.ObjectJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_update_updates_but_keeps_apps_no_longer_generated()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        await using var store = await StateStores.OpenInMemoryAsync(TimeProvider.System, Ct);
        await ReconcileAsync(f, store, Set("create-update", "dev,prod"));

        var plan = await ReconcileAsync(f, store, Set("create-update", "dev", revision: "v2"));

        Assert.Equal(AppSetAppAction.Updated, ActionOf(plan, "app-dev"));
        Assert.Equal(AppSetAppAction.Kept, ActionOf(plan, "app-prod"));
        Assert.NotNull(await store.GetChildAppAsync("Application", "app-prod", Ct));
    }

    [Fact]
    public async Task Preserve_resources_on_deletion_deletes_the_app_but_not_its_objects()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        await using var store = await StateStores.OpenInMemoryAsync(TimeProvider.System, Ct);
        const string preserve = "    preserveResourcesOnDeletion: true";
        await ReconcileAsync(f, store, Set("sync\n" + preserve, "dev,prod"));

        var deleted = new List<string>();
        var plan = await ReconcileAsync(f, store, Set("sync\n" + preserve, "dev"), deleted);

        var prod = plan.Changes.Single(c => c.Name == "app-prod");
        Assert.Equal(AppSetAppAction.Deleted, prod.Action);
        Assert.False(prod.DeletesResources);
        Assert.Contains("preserveResourcesOnDeletion", prod.Message, StringComparison.Ordinal);
        Assert.Empty(deleted);
    }

    [Fact]
    public async Task Ignored_application_differences_keep_a_field_someone_changed()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        await using var store = await StateStores.OpenInMemoryAsync(TimeProvider.System, Ct);
        const string ignore = """
          ignoreApplicationDifferences:
            - jsonPointers: [/spec/source/targetRevision]
        """;
        await ReconcileAsync(f, store, Set("sync", "dev", extra: ignore));
        var registered = (await store.GetChildAppAsync("Application", "app-dev", Ct))!;
        await store.UpsertChildAppAsync(registered with { ObjectJson = registered.ObjectJson.Replace("\"main\"", "\"hotfix\"", StringComparison.Ordinal) }, Ct);

        var unchanged = await ReconcileAsync(f, store, Set("sync", "dev", extra: ignore));
        var changedElsewhere = await ReconcileAsync(f, store, Set("sync", "dev", extra: ignore + "\n  goTemplate: false"));
        var otherField = await ReconcileAsync(f, store, Set("sync", "dev", revision: "v3", extra: ignore).Replace("path: 'envs/", "path: 'environments/", StringComparison.Ordinal));

        Assert.Equal(AppSetAppAction.Unchanged, ActionOf(unchanged, "app-dev"));
        Assert.Equal(AppSetAppAction.Unchanged, ActionOf(changedElsewhere, "app-dev"));
        Assert.Equal(AppSetAppAction.Updated, ActionOf(otherField, "app-dev"));
        var json = (await store.GetChildAppAsync("Application", "app-dev", Ct))!.ObjectJson;
        Assert.Contains("\"hotfix\"", json, StringComparison.Ordinal);
        Assert.Contains("environments/dev", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_name_owned_by_another_parent_is_a_condition_naming_both_and_is_left_alone()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        await using var store = await StateStores.OpenInMemoryAsync(TimeProvider.System, Ct);
        await store.UpsertChildAppAsync(new ChildApp("Application", "app-dev", "root", "{}"), Ct);

        var plan = await ReconcileAsync(f, store, Set("sync", "dev,prod"));

        Assert.Equal(AppSetAppAction.Conflict, ActionOf(plan, "app-dev"));
        Assert.Equal(AppSetAppAction.Created, ActionOf(plan, "app-prod"));
        var condition = Assert.Single(plan.Conditions, c => c.Reason == "ApplicationNameCollision");
        Assert.Contains("ApplicationSet \"envs\"", condition.Message, StringComparison.Ordinal);
        Assert.Contains("app \"root\"", condition.Message, StringComparison.Ordinal);
        Assert.Equal("root", (await store.GetChildAppAsync("Application", "app-dev", Ct))!.Parent);
    }

    [Fact]
    public async Task An_incomplete_generation_never_deletes()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        await using var store = await StateStores.OpenInMemoryAsync(TimeProvider.System, Ct);
        await ReconcileAsync(f, store, Set("sync", "dev,prod"));
        var broken = Set("sync", "dev").Replace("    - list:", "    - plugin: {configMapRef: {name: p}}\n    - list:", StringComparison.Ordinal);

        var plan = await ReconcileAsync(f, store, broken);

        Assert.Equal(AppSetAppAction.Kept, ActionOf(plan, "app-prod"));
        Assert.Contains(plan.Conditions, c => c.Reason == "UnsupportedGenerator" && c.Message.Contains("plugin", StringComparison.Ordinal));
        Assert.NotNull(await store.GetChildAppAsync("Application", "app-prod", Ct));
    }
}
