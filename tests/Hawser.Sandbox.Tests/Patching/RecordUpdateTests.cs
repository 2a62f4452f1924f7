using System.Text.Json.Nodes;
using Hawser.Manifests;
using Hawser.Sandbox.Patching;
using static Hawser.Sandbox.Tests.Patching.Json;

namespace Hawser.Sandbox.Tests.Patching;

public sealed class RecordUpdateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly ListMapSchema ConfigMap = ListMapSchema.ForBuiltIn(new GroupVersionKind("", "v1", "ConfigMap"));
    private static readonly ListMapSchema Deployment = ListMapSchema.ForBuiltIn(new GroupVersionKind("apps", "v1", "Deployment"));

    private static JsonArray Managed(JsonObject o) => o["metadata"]!["managedFields"]!.AsArray();

    private static JsonObject Created(string json, string manager = "kubectl-create", ListMapSchema? schema = null)
    {
        var obj = Obj(json);
        PatchEngine.RecordUpdate(null, obj, manager, "v1", T0, schema ?? ConfigMap);
        return obj;
    }

    [Fact]
    public void A_create_gives_the_writer_every_field_with_new_maps_as_members()
    {
        var created = Created("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo','namespace':'x','uid':'u','labels':{'app':'demo'}},'data':{'a':'1'}}");
        Equal("""
            [{'manager':'kubectl-create','operation':'Update','apiVersion':'v1','time':'2026-01-02T03:04:05Z','fieldsType':'FieldsV1',
              'fieldsV1':{'f:data':{'.':{},'f:a':{}},'f:metadata':{'f:labels':{'.':{},'f:app':{}}}}}]
            """, Managed(created));
    }

    [Fact]
    public void An_update_moves_changed_fields_to_the_writer_and_keeps_the_rest()
    {
        var before = Created("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo'},'data':{'a':'1','b':'2'}}");
        var after = (JsonObject)before.DeepClone();
        after["data"]!["a"] = "9";
        after["data"]!.AsObject().Remove("b");
        after["data"]!["c"] = "3";
        PatchEngine.RecordUpdate(before, after, "editor", "v1", T0.AddHours(1), ConfigMap);
        var entries = Managed(after);
        Equal("{'f:data':{}}", entries[0]!["fieldsV1"]);
        Assert.Equal("editor", entries[1]!["manager"]!.GetValue<string>());
        Equal("{'f:data':{'f:a':{},'f:c':{}}}", entries[1]!["fieldsV1"]);
        Assert.Equal("2026-01-02T04:04:05Z", entries[1]!["time"]!.GetValue<string>());
    }

    [Fact]
    public void An_update_that_changes_nothing_leaves_managed_fields_alone()
    {
        var before = Created("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo'},'data':{'a':'1'}}");
        var after = (JsonObject)before.DeepClone();
        PatchEngine.RecordUpdate(before, after, "editor", "v1", T0.AddHours(1), ConfigMap);
        Assert.True(JsonNode.DeepEquals(before, after));
    }

    [Fact]
    public void Managed_fields_replaced_by_the_write_itself_are_kept_as_given()
    {
        var before = Created("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo'},'data':{'a':'1'}}", "kubectl-client-side-apply");
        var given = "[{'manager':'kubectl','operation':'Apply','apiVersion':'v1','time':'2026-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:data':{'f:a':{}}}}]";
        var after = (JsonObject)PatchEngine.ApplyPatch(before, "application/json-patch+json",
            Text($"[{{'op':'replace','path':'/metadata/managedFields','value':{given}}}]"), ConfigMap, false);
        PatchEngine.RecordUpdate(before, after, "kubectl", "v1", T0.AddHours(1), ConfigMap);
        Equal(given, Managed(after));
    }

    [Fact]
    public void An_empty_managed_fields_list_resets_ownership_to_the_writer()
    {
        var before = Created("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo'},'data':{'a':'1'}}");
        var after = (JsonObject)before.DeepClone();
        after["metadata"]!["managedFields"] = new JsonArray();
        PatchEngine.RecordUpdate(before, after, "resetter", "v1", T0, ConfigMap);
        Assert.Equal("resetter", Assert.Single(Managed(after))!["manager"]!.GetValue<string>());
    }

    [Fact]
    public void Changing_one_container_field_gives_only_that_field_to_the_writer()
    {
        const string dep = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'template':{'spec':{'containers':[{'name':'web','image':'w:1'}]}}}}";
        var before = Created(dep, schema: Deployment);
        var after = PatchEngine.ApplyPatch(before, "application/strategic-merge-patch+json",
            Text("{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'w:2'}]}}}}"), Deployment, false);
        PatchEngine.RecordUpdate(before, after, "kubectl-set", "apps/v1", T0, Deployment);
        Equal("""{'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{\u0022name\u0022:\u0022web\u0022}':{'f:image':{}}}}}}}""", Managed(after)[1]!["fieldsV1"]);
        Assert.DoesNotContain("f:image", Managed(after)[0]!["fieldsV1"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_apply_after_an_update_conflicts_on_the_updated_field_only()
    {
        var applied = PatchEngine.ServerSideApply(null, Obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo'},'data':{'a':'1','b':'2'}}"),
            new ApplyRequest("hawser", false, "v1", T0), ConfigMap).Object;
        var edited = PatchEngine.ApplyPatch(applied, "application/merge-patch+json", Text("{'data':{'a':'manual'}}"), ConfigMap, false);
        PatchEngine.RecordUpdate(applied, edited, "kubectl-edit", "v1", T0, ConfigMap);
        var outcome = PatchEngine.ServerSideApply(edited, Obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo'},'data':{'a':'1','b':'2'}}"),
            new ApplyRequest("hawser", false, "v1", T0), ConfigMap);
        Assert.Equal(new FieldConflict("kubectl-edit", ".data.a", "v1"), Assert.Single(outcome.Conflicts));
    }
}
