using System.Text.Json.Nodes;
using Hawser.Manifests;
using Hawser.Sandbox.Patching;
using static Hawser.Sandbox.Tests.Patching.Json;

namespace Hawser.Sandbox.Tests.Patching;

public sealed class ServerSideApplyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(1);
    private static readonly ListMapSchema ConfigMap = ListMapSchema.ForBuiltIn(new GroupVersionKind("", "v1", "ConfigMap"));
    private static readonly ListMapSchema Deployment = ListMapSchema.ForBuiltIn(new GroupVersionKind("apps", "v1", "Deployment"));

    private static ApplyOutcome Apply(JsonObject? live, string applied, string manager = "kubectl", bool force = false, DateTimeOffset? now = null, ListMapSchema? schema = null) =>
        PatchEngine.ServerSideApply(live, Obj(applied), new ApplyRequest(manager, force, "v1", now ?? T0), schema ?? ConfigMap);

    private static JsonObject Ok(ApplyOutcome outcome)
    {
        Assert.Empty(outcome.Conflicts);
        return outcome.Object;
    }

    private static JsonNode? Managed(JsonObject o) => o["metadata"]!["managedFields"];

    private const string Cm = "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo','namespace':'x','labels':{'app':'demo'}},'data':{'a':'1','b':'2'}}";

    [Fact]
    public void Apply_on_a_missing_object_creates_it_with_the_managers_fields()
    {
        var created = Ok(Apply(null, Cm));
        Equal("{'name':'foo','namespace':'x','labels':{'app':'demo'}}", Remove(created["metadata"]!.DeepClone(), "managedFields"));
        Equal("""
            [{'manager':'kubectl','operation':'Apply','apiVersion':'v1','time':'2026-01-02T03:04:05Z','fieldsType':'FieldsV1',
              'fieldsV1':{'f:data':{'f:a':{},'f:b':{}},'f:metadata':{'f:labels':{'f:app':{}}}}}]
            """, Managed(created));
    }

    [Fact]
    public void Applying_the_same_configuration_twice_changes_nothing()
    {
        var created = Ok(Apply(null, Cm));
        var again = Ok(Apply(created, Cm, now: T1));
        Assert.True(JsonNode.DeepEquals(created, again));
    }

    [Fact]
    public void Fields_a_manager_stops_applying_are_removed()
    {
        var created = Ok(Apply(null, Cm));
        var updated = Ok(Apply(created, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo','namespace':'x'},'data':{'a':'1'}}", now: T1));
        Equal("{'a':'1'}", updated["data"]);
        Assert.Null(updated["metadata"]!["labels"]?["app"]);
        Equal("{'f:data':{'f:a':{}}}", Managed(updated)![0]!["fieldsV1"]);
        Assert.Equal("2026-01-02T03:05:05Z", Managed(updated)![0]!["time"]!.GetValue<string>());
    }

    [Fact]
    public void Fields_another_manager_also_owns_are_kept_when_one_stops_applying_them()
    {
        var created = Ok(Apply(null, Cm));
        var shared = Ok(Apply(created, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo'},'data':{'a':'1'}}", manager: "other"));
        var dropped = Ok(Apply(shared, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo'},'data':{'b':'2'}}"));
        Equal("{'a':'1','b':'2'}", dropped["data"]);
    }

    [Fact]
    public void A_map_the_manager_owned_whole_keeps_the_fields_it_still_applies()
    {
        // kubectl's client-side to server-side apply migration moves the "kubectl-client-side-apply" fields, "." markers
        // included, into the "kubectl" Apply entry; the next apply names the keys but not the map itself.
        var live = Obj("""
            {'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo','namespace':'x',
              'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{}'},
              'managedFields':[
                {'manager':'kubectl','operation':'Apply','apiVersion':'v1','time':'2026-01-02T03:04:05Z','fieldsType':'FieldsV1',
                 'fieldsV1':{'f:data':{'.':{},'f:a':{},'f:b':{}},'f:metadata':{'f:annotations':{'.':{},'f:kubectl.kubernetes.io/last-applied-configuration':{}}}}},
                {'manager':'kubectl-last-applied','operation':'Apply','apiVersion':'v1','time':'2026-01-02T03:04:05Z','fieldsType':'FieldsV1',
                 'fieldsV1':{'f:metadata':{'f:annotations':{'f:kubectl.kubernetes.io/last-applied-configuration':{}}}}}]},
             'data':{'a':'1','b':'2'}}
            """);
        var applied = Ok(Apply(live, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo','namespace':'x'},'data':{'a':'1','b':'3'}}", force: true, now: T1));
        Equal("{'a':'1','b':'3'}", applied["data"]);
        Assert.NotNull(applied["metadata"]!["annotations"]![LastAppliedUpgrade.Annotation]);
        var kubectl = Managed(applied)!.AsArray().Single(e => e!["manager"]!.GetValue<string>() == "kubectl");
        Equal("{'f:data':{'f:a':{},'f:b':{}}}", kubectl!["fieldsV1"]);
    }

    private static JsonObject ClientSideApplied(string data, string lastAppliedData)
    {
        var annotation = $"{{\"apiVersion\":\"v1\",\"data\":{lastAppliedData},\"kind\":\"ConfigMap\",\"metadata\":{{\"annotations\":{{}},\"name\":\"foo\",\"namespace\":\"x\"}}}}\n";
        var live = Obj($"{{'apiVersion':'v1','kind':'ConfigMap','metadata':{{'name':'foo','namespace':'x'}},'data':{data}}}");
        live["metadata"]!["annotations"] = new JsonObject { [LastAppliedUpgrade.Annotation] = annotation };
        PatchEngine.RecordUpdate(null, live, "kubectl-client-side-apply", "v1", T0, ConfigMap);
        return live;
    }

    [Fact]
    public void Kubectl_takes_over_fields_client_side_apply_set_without_a_conflict_and_rewrites_the_annotation()
    {
        var live = ClientSideApplied("{'a':'1','b':'2'}", "{\"a\":\"1\",\"b\":\"2\"}");
        var applied = Ok(Apply(live, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo','namespace':'x'},'data':{'a':'1','b':'3'}}", now: T1));
        Equal("{'a':'1','b':'3'}", applied["data"]);
        Assert.Equal(
            "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"1\",\"b\":\"3\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"foo\",\"namespace\":\"x\"}}\n",
            applied["metadata"]!["annotations"]![LastAppliedUpgrade.Annotation]!.GetValue<string>());
    }

    [Fact]
    public void Another_manager_than_kubectl_still_conflicts_with_client_side_apply()
    {
        var live = ClientSideApplied("{'a':'1','b':'2'}", "{\"a\":\"1\",\"b\":\"2\"}");
        var outcome = Apply(live, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo'},'data':{'b':'3'}}", manager: "hawser");
        Assert.Equal(new FieldConflict("kubectl-client-side-apply", ".data.b", "v1"), Assert.Single(outcome.Conflicts));
    }

    [Fact]
    public void A_field_changed_since_the_last_client_side_apply_still_conflicts_for_kubectl()
    {
        var live = ClientSideApplied("{'a':'1','b':'9'}", "{\"a\":\"1\",\"b\":\"2\"}");
        var outcome = Apply(live, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo'},'data':{'a':'5','b':'3'}}");
        Assert.Equal(new FieldConflict("kubectl-client-side-apply", ".data.b", "v1"), Assert.Single(outcome.Conflicts));
    }

    [Fact]
    public void Another_managers_field_with_a_different_value_is_a_conflict()
    {
        var live = Obj(Cm);
        PatchEngine.RecordUpdate(null, live, "kubectl-create", "v1", T0, ConfigMap);
        var outcome = Apply(live, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo'},'data':{'a':'9','b':'2'}}");
        var conflict = Assert.Single(outcome.Conflicts);
        Assert.Equal(new FieldConflict("kubectl-create", ".data.a", "v1"), conflict);
        Assert.Equal("conflict with \"kubectl-create\" using v1", conflict.Message);
        Assert.Same(live, outcome.Object);
    }

    [Fact]
    public void Force_takes_the_field_from_the_other_manager()
    {
        var live = Obj(Cm);
        PatchEngine.RecordUpdate(null, live, "kubectl-create", "v1", T0, ConfigMap);
        var forced = Ok(Apply(live, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo'},'data':{'a':'9','b':'2'}}", force: true, now: T1));
        Equal("{'a':'9','b':'2'}", forced["data"]);
        var entries = Managed(forced)!.AsArray();
        Assert.Equal("Apply", entries[0]!["operation"]!.GetValue<string>());
        Equal("{'f:data':{'f:a':{},'f:b':{}}}", entries[0]!["fieldsV1"]);
        Equal("{'f:data':{'.':{},'f:b':{}},'f:metadata':{'f:labels':{'.':{},'f:app':{}}}}", entries[1]!["fieldsV1"]);
    }

    [Fact]
    public void Equal_values_are_shared_without_conflict()
    {
        var live = Obj(Cm);
        PatchEngine.RecordUpdate(null, live, "kubectl-create", "v1", T0, ConfigMap);
        var outcome = Apply(live, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo'},'data':{'a':'1'}}");
        Assert.Empty(outcome.Conflicts);
        Assert.Equal(2, Managed(outcome.Object)!.AsArray().Count);
    }

    [Fact]
    public void Objects_without_managed_fields_are_owned_by_before_first_apply()
    {
        var outcome = Apply(Obj(Cm), "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo'},'data':{'a':'9'}}");
        Assert.Equal("before-first-apply", Assert.Single(outcome.Conflicts).Manager);
    }

    private const string Dep = """
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},
         'spec':{'replicas':2,'template':{'spec':{'containers':[{'name':'web','image':'web:1','ports':[{'containerPort':80,'protocol':'TCP'}]}]}}}}
        """;

    [Fact]
    public void Containers_are_tracked_by_key_in_fields_v1()
    {
        var created = Ok(Apply(null, Dep, schema: Deployment));
        Equal("""
            {'f:spec':{'f:replicas':{},'f:template':{'f:spec':{'f:containers':{'k:{\u0022name\u0022:\u0022web\u0022}':{'.':{},'f:image':{},'f:name':{},
              'f:ports':{'k:{\u0022containerPort\u0022:80,\u0022protocol\u0022:\u0022TCP\u0022}':{'.':{},'f:containerPort':{},'f:protocol':{}}}}}}}}}
            """, Managed(created)![0]!["fieldsV1"]);
    }

    [Fact]
    public void Two_managers_can_own_different_containers_of_one_list()
    {
        var created = Ok(Apply(null, Dep, schema: Deployment));
        var sidecar = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'template':{'spec':{'containers':[{'name':'side','image':'s:1'}]}}}}";
        var both = Ok(Apply(created, sidecar, manager: "injector", schema: Deployment));
        var names = both["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>());
        Assert.Equal(["web", "side"], names);
        var reapplied = Ok(Apply(both, Dep.Replace("web:1", "web:2", StringComparison.Ordinal), schema: Deployment));
        var containers = reapplied["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(2, containers.Count);
        Assert.Equal("web:2", containers[0]!["image"]!.GetValue<string>());
    }

    [Fact]
    public void A_container_another_manager_changed_conflicts_with_the_field_path_in_kubectl_form()
    {
        var created = Ok(Apply(null, Dep, schema: Deployment));
        var image = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'template':{'spec':{'containers':[{'name':'web','image':'web:9'}]}}}}";
        var taken = Ok(Apply(created, image, manager: "bumper", force: true, schema: Deployment));
        var outcome = Apply(taken, Dep, schema: Deployment);
        Assert.Equal(".spec.template.spec.containers[name=\"web\"].image", Assert.Single(outcome.Conflicts).Field);
    }

    [Fact]
    public void A_container_dropped_from_the_configuration_is_removed()
    {
        var two = Dep.Replace("]}}}}", ",{'name':'extra','image':'e:1'}]}}}}", StringComparison.Ordinal);
        var created = Ok(Apply(null, two, schema: Deployment));
        Assert.Equal(2, created["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Count);
        var one = Ok(Apply(created, Dep, schema: Deployment));
        Assert.Single(one["spec"]!["template"]!["spec"]!["containers"]!.AsArray());
    }

    [Fact]
    public void Lists_not_in_the_table_are_atomic_and_owned_whole()
    {
        var created = Ok(Apply(null, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'template':{'spec':{'tolerations':[{'key':'a'}]}}}}", schema: Deployment));
        Equal("{'f:spec':{'f:template':{'f:spec':{'f:tolerations':{}}}}}", Managed(created)![0]!["fieldsV1"]);
    }

    private static JsonNode Remove(JsonNode node, string field)
    {
        node.AsObject().Remove(field);
        return node;
    }
}

public sealed class ServerSideApplyListTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly ListMapSchema Deployment = ListMapSchema.ForBuiltIn(new GroupVersionKind("apps", "v1", "Deployment"));

    private static JsonObject Apply(JsonObject? live, string applied, string manager) =>
        PatchEngine.ServerSideApply(live, Obj(applied), new ApplyRequest(manager, false, "apps/v1", T0), Deployment) is { Conflicts.Count: 0 } ok
            ? ok.Object
            : throw new Xunit.Sdk.XunitException("unexpected conflicts");

    [Fact]
    public void Finalizers_from_two_managers_are_a_union_and_each_removes_only_its_own()
    {
        var a = Apply(null, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d','finalizers':['a']}}", "one");
        var ab = Apply(a, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d','finalizers':['b']}}", "two");
        Equal("['a','b']", ab["metadata"]!["finalizers"]);
        var b = Apply(ab, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'}}", "one");
        Equal("['b']", b["metadata"]!["finalizers"]);
        Equal("""{'f:metadata':{'f:finalizers':{'v:\u0022b\u0022':{}}}}""", b["metadata"]!["managedFields"]![0]!["fieldsV1"]);
    }

    [Fact]
    public void A_container_dropped_by_its_applier_keeps_its_name_and_the_fields_another_manager_changed()
    {
        const string web = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'template':{'spec':{'containers':[{'name':'web','image':'w:1'}]}}}}";
        var created = Apply(null, web, "one");
        var withEnv = PatchEngine.ApplyPatch(created, "application/strategic-merge-patch+json",
            Text("{'spec':{'template':{'spec':{'containers':[{'name':'web','env':[{'name':'X','value':'1'}]}]}}}}"), Deployment, false);
        PatchEngine.RecordUpdate(created, withEnv, "kubectl-set", "apps/v1", T0, Deployment);
        var dropped = Apply(withEnv, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':1}}", "one");
        Equal("[{'name':'web','env':[{'name':'X','value':'1'}]}]", dropped["spec"]!["template"]!["spec"]!["containers"]);
    }

    [Fact]
    public void A_container_both_managers_applied_loses_only_the_fields_the_leaving_manager_owned_alone()
    {
        const string web = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'template':{'spec':{'containers':[{'name':'web','image':'w:1'}]}}}}";
        var created = Apply(null, web, "one");
        var withEnv = Apply(created, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'template':{'spec':{'containers':[{'name':'web','env':[{'name':'X','value':'1'}]}]}}}}", "two");
        var dropped = Apply(withEnv, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':1}}", "one");
        Equal("[{'name':'web','env':[{'name':'X','value':'1'}]}]", dropped["spec"]!["template"]!["spec"]!["containers"]);
    }

    [Fact]
    public void Applying_a_thousand_deployments_twice_is_fast_and_the_second_pass_changes_nothing()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var unchanged = 0;
        for (var i = 0; i < 1000; i++)
        {
            var config = """
                {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'dNUM','namespace':'n','labels':{'app':'aNUM'}},
                 'spec':{'replicas':2,'selector':{'matchLabels':{'app':'aNUM'}},'template':{'metadata':{'labels':{'app':'aNUM'}},
                 'spec':{'containers':[{'name':'web','image':'web:1','ports':[{'containerPort':80,'protocol':'TCP'}],
                   'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}],'resources':{'limits':{'cpu':'1'}}}]}}}}
                """.Replace("NUM", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            var created = Apply(null, config, "hawser");
            var again = Apply(created, config, "hawser");
            if (JsonNode.DeepEquals(created, again)) unchanged++;
        }
        watch.Stop();
        Assert.Equal(1000, unchanged);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"2,000 applies took {watch.Elapsed.TotalMilliseconds:F0} ms");
    }
}

public sealed class AtomicMapTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly ListMapSchema Deployment = ListMapSchema.ForBuiltIn(new GroupVersionKind("apps", "v1", "Deployment"));

    private static ApplyOutcome Apply(JsonObject? live, string applied, string manager, bool force = false) =>
        PatchEngine.ServerSideApply(live, Obj(applied), new ApplyRequest(manager, force, "apps/v1", T0), Deployment);

    [Fact]
    public void A_label_selector_is_owned_as_one_field()
    {
        var created = Apply(null, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'selector':{'matchLabels':{'app':'web','tier':'x'}}}}", "one").Object;
        Equal("{'f:spec':{'f:selector':{}}}", created["metadata"]!["managedFields"]![0]!["fieldsV1"]);
    }

    [Fact]
    public void A_different_selector_from_another_manager_conflicts_and_force_replaces_it_whole()
    {
        var created = Apply(null, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'selector':{'matchLabels':{'app':'web','tier':'x'}}}}", "one").Object;
        const string other = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'selector':{'matchLabels':{'app':'api'}}}}";
        Assert.Equal(".spec.selector", Assert.Single(Apply(created, other, "two").Conflicts).Field);
        var forced = Apply(created, other, "two", force: true).Object;
        Equal("{'matchLabels':{'app':'api'}}", forced["spec"]!["selector"]);
    }

    [Fact]
    public void Crd_schemas_mark_atomic_maps()
    {
        var schema = ListMapSchema.FromCrdSchema(Obj("{'properties':{'spec':{'properties':{'sel':{'type':'object','x-kubernetes-map-type':'atomic'},'free':{'type':'object'}}}}}"));
        Assert.True(schema.IsAtomicMap("spec.sel"));
        Assert.False(schema.IsAtomicMap("spec.free"));
    }
}
