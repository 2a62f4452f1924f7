using System.Text.Json.Nodes;
using Hawser.Kubernetes;
using Hawser.Manifests;

namespace Hawser.Core.Tests.Kubernetes;

/// <summary>Every dynamic operation against the sandbox over HTTPS, connected with the sandbox's kubeconfig.</summary>
public sealed class SandboxClientTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private IKubernetesClient Client => sandbox.Client;

    [Fact]
    public void The_connection_reports_the_context_namespace_and_server()
    {
        Assert.Equal("hawser-sandbox", sandbox.Connection.Context);
        Assert.Equal("default", sandbox.Connection.Namespace);
        Assert.Equal(sandbox.Server.BaseAddress.Port, sandbox.Connection.Server.Port);
    }

    [Fact]
    public async Task Aggregated_discovery_maps_built_in_kinds_with_scope_verbs_and_status()
    {
        var deployments = await Client.GetMappingAsync(new GroupVersionKind("apps", "v1", "Deployment"), TestTimeout.Token());
        var namespaces = await Client.GetMappingAsync(Objects.Namespaces, TestTimeout.Token());

        Assert.Equal("deployments", deployments.Resource);
        Assert.True(deployments.Namespaced);
        Assert.True(deployments.HasStatusSubresource);
        Assert.Contains("patch", deployments.Verbs);
        Assert.Equal("namespaces", namespaces.Resource);
        Assert.False(namespaces.Namespaced);
    }

    [Fact]
    public async Task An_unknown_kind_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<UnknownKindException>(() => Client.GetMappingAsync(new GroupVersionKind("example.com", "v1", "Gadget"), TestTimeout.Token()));

        Assert.Contains("example.com/v1 Gadget", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_side_apply_creates_then_updates_and_an_unchanged_apply_changes_nothing()
    {
        var ns = await sandbox.NamespaceAsync("ssa");
        var ct = TestTimeout.Token();

        var created = await Client.ApplyAsync(Objects.ConfigMapOf(ns, "web", "1"), new ApplyOptions(), ct);
        var unchanged = await Client.ApplyAsync(Objects.ConfigMapOf(ns, "web", "1"), new ApplyOptions(), ct);
        var updated = await Client.ApplyAsync(Objects.ConfigMapOf(ns, "web", "2"), new ApplyOptions(), ct);

        Assert.NotEmpty(created.Uid);
        Assert.Equal(created.ResourceVersion, unchanged.ResourceVersion);
        Assert.NotEqual(created.ResourceVersion, updated.ResourceVersion);
        Assert.Equal("2", updated.Body["data"]!["key"]!.GetValue<string>());
        var managers = updated.Metadata!["managedFields"]!.AsArray().Select(m => m!["manager"]!.GetValue<string>());
        Assert.Contains("hawser", managers);
    }

    [Fact]
    public async Task A_dry_run_apply_returns_the_result_without_persisting_it()
    {
        var ns = await sandbox.NamespaceAsync("dry");
        var ct = TestTimeout.Token();
        await Client.ApplyAsync(Objects.ConfigMapOf(ns, "web", "1"), new ApplyOptions(), ct);

        var preview = await Client.ApplyAsync(Objects.ConfigMapOf(ns, "web", "2"), new ApplyOptions(DryRun: true), ct);
        var dryCreate = await Client.ApplyAsync(Objects.ConfigMapOf(ns, "new", "1"), new ApplyOptions(DryRun: true), ct);

        Assert.Equal("2", preview.Body["data"]!["key"]!.GetValue<string>());
        Assert.Equal("1", (await Client.GetAsync(Objects.ConfigMap, ns, "web", ct))!.Body["data"]!["key"]!.GetValue<string>());
        Assert.Equal("new", dryCreate.Name);
        Assert.Null(await Client.GetAsync(Objects.ConfigMap, ns, "new", ct));
    }

    [Fact]
    public async Task Create_update_patch_and_delete_follow_the_API_rules()
    {
        var ns = await sandbox.NamespaceAsync("crud");
        var ct = TestTimeout.Token();

        var created = await Client.CreateAsync(Objects.ConfigMapOf(ns, "web"), new WriteOptions(), ct);
        await Assert.ThrowsAsync<AlreadyExistsException>(() => Client.CreateAsync(Objects.ConfigMapOf(ns, "web"), new WriteOptions(), ct));

        var changed = created.DeepClone();
        changed.Body["data"]!["key"] = "updated";
        var updated = await Client.UpdateAsync(changed, new WriteOptions(), ct);
        Assert.Equal("updated", updated.Body["data"]!["key"]!.GetValue<string>());
        var stale = await Assert.ThrowsAsync<ConflictException>(() => Client.UpdateAsync(changed, new WriteOptions(), ct));
        Assert.StartsWith($"ConfigMap/{ns}/web: ", stale.Message, StringComparison.Ordinal);

        var merged = await Client.PatchAsync(Objects.ConfigMap, ns, "web", PatchType.Merge, """{"metadata":{"labels":{"patched":"yes"}}}""", new WriteOptions(), ct);
        Assert.Equal("yes", merged.GetLabel("patched"));
        var jsonPatched = await Client.PatchAsync(Objects.ConfigMap, ns, "web", PatchType.Json, """[{"op":"replace","path":"/data/key","value":"json"}]""", new WriteOptions(), ct);
        Assert.Equal("json", jsonPatched.Body["data"]!["key"]!.GetValue<string>());

        await Assert.ThrowsAsync<ConflictException>(() => Client.DeleteAsync(Objects.ConfigMap, ns, "web", new DeleteOptions(PreconditionUid: Guid.NewGuid().ToString()), ct));
        Assert.True(await Client.DeleteAsync(Objects.ConfigMap, ns, "web", new DeleteOptions(PreconditionUid: created.Uid), ct));
        Assert.False(await Client.DeleteAsync(Objects.ConfigMap, ns, "web", new DeleteOptions(), ct));
        Assert.Null(await Client.GetAsync(Objects.ConfigMap, ns, "web", ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Client.UpdateAsync(changed, new WriteOptions(), ct));
    }

    [Fact]
    public async Task A_dry_run_create_and_delete_leave_the_object_as_it_was()
    {
        var ns = await sandbox.NamespaceAsync("drycrud");
        var ct = TestTimeout.Token();

        await Client.CreateAsync(Objects.ConfigMapOf(ns, "ghost"), new WriteOptions(DryRun: true), ct);
        Assert.Null(await Client.GetAsync(Objects.ConfigMap, ns, "ghost", ct));

        await Client.CreateAsync(Objects.ConfigMapOf(ns, "kept"), new WriteOptions(), ct);
        Assert.True(await Client.DeleteAsync(Objects.ConfigMap, ns, "kept", new DeleteOptions(DryRun: true), ct));
        Assert.NotNull(await Client.GetAsync(Objects.ConfigMap, ns, "kept", ct));
    }

    [Fact]
    public async Task The_status_subresource_is_written_apart_from_the_spec()
    {
        var ns = await sandbox.NamespaceAsync("status");
        var ct = TestTimeout.Token();
        var deployment = KubeObject.ParseJson($$$"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api","namespace":"{{{ns}}}"},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"api"}},"template":{"metadata":{"labels":{"app":"api"}},"spec":{"containers":[{"name":"api","image":"nginx"}]} } } }
            """);
        var created = await Client.ApplyAsync(deployment, new ApplyOptions(), ct);

        var withStatus = created.DeepClone();
        withStatus.Body["status"] = new JsonObject { ["observedGeneration"] = 1, ["replicas"] = 7 };
        withStatus.Body["spec"]!["replicas"] = 5;
        var written = await Client.UpdateStatusAsync(withStatus, new WriteOptions(), ct);

        Assert.Equal(7, written.Body["status"]!["replicas"]!.GetValue<int>());
        Assert.Equal(1, written.Body["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task Label_and_field_selectors_filter_lists()
    {
        var ns = await sandbox.NamespaceAsync("sel");
        var ct = TestTimeout.Token();
        for (var i = 0; i < 6; i++)
        {
            var tier = i % 2 == 0 ? "web" : "db";
            await Client.ApplyAsync(Objects.ConfigMapOf(ns, $"cm-{i}", labels: $$$"""{"tier":"{{{tier}}}","app":"shop"}"""), new ApplyOptions(), ct);
        }

        var web = await Client.ListAsync(Objects.ConfigMap, new ListOptions(ns, LabelSelector: "tier=web,app in (shop)"), ct);
        var notWeb = await Client.ListAsync(Objects.ConfigMap, new ListOptions(ns, LabelSelector: "tier!=web"), ct);
        var one = await Client.ListAsync(Objects.ConfigMap, new ListOptions(ns, FieldSelector: "metadata.name=cm-3"), ct);

        Assert.Equal(["cm-0", "cm-2", "cm-4"], web.Items.Select(o => o.Name).Order());
        Assert.Equal(3, notWeb.Items.Count);
        Assert.Equal("cm-3", Assert.Single(one.Items).Name);
        Assert.All(web.Items, o => Assert.Equal("ConfigMap", o.Kind));
        Assert.All(web.Items, o => Assert.Equal("v1", o.ApiVersion));
        Assert.NotEmpty(web.ResourceVersion);
    }

    [Fact]
    public async Task A_list_of_1000_objects_is_read_in_pages_through_continue_tokens()
    {
        var ns = await sandbox.NamespaceAsync("pages");
        var ct = TestTimeout.Token(120);
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) => await Client.CreateAsync(Objects.ConfigMapOf(ns, $"cm-{i:D4}"), new WriteOptions(), token));
        var before = sandbox.Transport.Requests;

        var all = await Client.ListAsync(Objects.ConfigMap, new ListOptions(ns, PageSize: 100), ct);

        Assert.Equal(1000, all.Items.Count);
        Assert.Equal(1000, all.Items.Select(o => o.Name).Distinct().Count());
        Assert.Equal(10, sandbox.Transport.Requests - before);
    }

    [Fact]
    public async Task A_namespaced_object_without_a_namespace_goes_to_the_context_namespace()
    {
        var name = $"no-ns-{Guid.NewGuid():N}"[..20];
        var applied = await Client.ApplyAsync(KubeObject.ParseJson($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"}}"""), new ApplyOptions(), TestTimeout.Token());

        Assert.Equal("default", applied.Namespace);
        Assert.True(await Client.DeleteAsync(Objects.ConfigMap, "", name, new DeleteOptions(), TestTimeout.Token()));
    }
}
