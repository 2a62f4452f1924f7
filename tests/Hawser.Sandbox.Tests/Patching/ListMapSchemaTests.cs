using System.Text.Json.Nodes;
using Hawser.Manifests;
using Hawser.Sandbox.Patching;
using static Hawser.Sandbox.Tests.Patching.Json;

namespace Hawser.Sandbox.Tests.Patching;

public sealed class ListMapSchemaTests
{
    [Theory]
    [InlineData("apps", "Deployment", "spec.template.spec.containers", "name")]
    [InlineData("apps", "Deployment", "spec.template.spec.containers.env", "name")]
    [InlineData("apps", "StatefulSet", "spec.template.spec.initContainers.volumeMounts", "mountPath")]
    [InlineData("", "Pod", "spec.containers.ports", "containerPort,protocol")]
    [InlineData("", "Pod", "spec.volumes", "name")]
    [InlineData("batch", "CronJob", "spec.jobTemplate.spec.template.spec.containers", "name")]
    [InlineData("", "Service", "spec.ports", "port,protocol")]
    [InlineData("", "ConfigMap", "metadata.ownerReferences", "uid")]
    [InlineData("apps", "Deployment", "status.conditions", "type")]
    public void Built_in_keyed_lists_come_from_one_table(string group, string kind, string path, string keys)
    {
        var type = ListMapSchema.ForBuiltIn(new GroupVersionKind(group, "v1", kind)).Get(path);
        Assert.Equal(ListKind.Map, type.Kind);
        Assert.Equal(keys, string.Join(',', type.Keys));
    }

    [Theory]
    [InlineData("spec.template.spec.tolerations")]
    [InlineData("spec.template.spec.containers.args")]
    [InlineData("spec.template.spec.containers.envFrom")]
    [InlineData("spec.unknown")]
    public void Other_built_in_lists_are_atomic(string path)
    {
        Assert.Equal(ListKind.Atomic, ListMapSchema.ForBuiltIn(new GroupVersionKind("apps", "v1", "Deployment")).Get(path).Kind);
    }

    [Fact]
    public void Finalizers_are_a_set()
    {
        Assert.Equal(ListKind.Set, ListMapSchema.ForBuiltIn(new GroupVersionKind("", "v1", "Secret")).Get("metadata.finalizers").Kind);
    }

    [Fact]
    public void Crd_schemas_give_map_set_and_atomic_lists()
    {
        var schema = ListMapSchema.FromCrdSchema(Obj("""
            {'type':'object','properties':{'spec':{'type':'object','properties':{
              'ports':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['port','protocol'],
                       'items':{'type':'object','properties':{'port':{'type':'integer'},
                         'hosts':{'type':'array','x-kubernetes-list-type':'set','items':{'type':'string'}}}}},
              'args':{'type':'array','items':{'type':'string'}}}}}}
            """));
        Assert.Equal(["port", "protocol"], schema.Get("spec.ports").Keys);
        Assert.Equal(ListKind.Set, schema.Get("spec.ports.hosts").Kind);
        Assert.Equal(ListKind.Atomic, schema.Get("spec.args").Kind);
        Assert.Equal(ListKind.Set, schema.Get("metadata.finalizers").Kind);
    }

    [Fact]
    public void Custom_resources_merge_list_map_items_by_key_in_server_side_apply()
    {
        var schema = ListMapSchema.FromCrdSchema(Obj("""
            {'type':'object','properties':{'spec':{'type':'object','properties':{
              'items':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['id'],'items':{'type':'object'}}}}}}
            """));
        var now = DateTimeOffset.UnixEpoch;
        var first = PatchEngine.ServerSideApply(null, Obj("{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'w'},'spec':{'items':[{'id':1,'v':'a'}]}}"),
            new ApplyRequest("one", false, "example.com/v1", now), schema).Object;
        var second = PatchEngine.ServerSideApply(first, Obj("{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'w'},'spec':{'items':[{'id':2,'v':'b'}]}}"),
            new ApplyRequest("two", false, "example.com/v1", now), schema).Object;
        Equal("[{'id':1,'v':'a'},{'id':2,'v':'b'}]", second["spec"]!["items"]);
        Assert.IsType<JsonArray>(second["metadata"]!["managedFields"]);
    }
}
