using Hawser.Manifests;
using Hawser.Sandbox.Patching;
using static Hawser.Sandbox.Tests.Patching.Json;

namespace Hawser.Sandbox.Tests.Patching;

public sealed class StrategicMergePatchTests
{
    private const string Type = "application/strategic-merge-patch+json";
    private static readonly ListMapSchema Deployment = ListMapSchema.ForBuiltIn(new GroupVersionKind("apps", "v1", "Deployment"));

    private const string LiveDeployment = """
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d','finalizers':['a']},
         'spec':{'template':{'spec':{
           'containers':[{'name':'web','image':'web:1','args':['--x'],'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]},
                         {'name':'side','image':'side:1'}],
           'tolerations':[{'key':'k1'}]}}}}
        """;

    private static System.Text.Json.Nodes.JsonObject Patch(string patch, string live = LiveDeployment) =>
        PatchEngine.ApplyPatch(Obj(live), Type, Text(patch), Deployment, isCustomResource: false);

    private static System.Text.Json.Nodes.JsonNode? Containers(System.Text.Json.Nodes.JsonObject o) => o["spec"]!["template"]!["spec"]!["containers"];

    [Fact]
    public void Containers_merge_by_name_and_env_by_name()
    {
        var result = Patch("{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'web:2','env':[{'name':'B','value':'3'},{'name':'C','value':'4'}]}]}}}}");
        Equal("""
            [{'name':'web','image':'web:2','args':['--x'],'env':[{'name':'A','value':'1'},{'name':'B','value':'3'},{'name':'C','value':'4'}]},
             {'name':'side','image':'side:1'}]
            """, Containers(result));
    }

    [Fact]
    public void Atomic_lists_are_replaced()
    {
        var result = Patch("{'spec':{'template':{'spec':{'tolerations':[{'key':'k2'}],'containers':[{'name':'web','args':['--y']}]}}}}");
        Equal("[{'key':'k2'}]", result["spec"]!["template"]!["spec"]!["tolerations"]);
        Equal("['--y']", Containers(result)![0]!["args"]);
    }

    [Fact]
    public void Patch_delete_directive_removes_a_list_item_by_key()
    {
        var result = Patch("{'spec':{'template':{'spec':{'containers':[{'name':'side','$patch':'delete'}]}}}}");
        Equal("['web']", new System.Text.Json.Nodes.JsonArray([.. Containers(result)!.AsArray().Select(c => (System.Text.Json.Nodes.JsonNode)c!["name"]!.GetValue<string>())]));
    }

    [Fact]
    public void Patch_replace_directive_in_a_list_replaces_the_whole_list()
    {
        var result = Patch("{'spec':{'template':{'spec':{'containers':[{'$patch':'replace'},{'name':'only','image':'o:1'}]}}}}");
        Equal("[{'name':'only','image':'o:1'}]", Containers(result));
    }

    [Fact]
    public void Patch_replace_directive_on_a_map_replaces_the_map()
    {
        var result = Patch("{'metadata':{'labels':{'$patch':'replace','n':'1'}}}", "{'metadata':{'name':'d','labels':{'o':'1'}}}");
        Equal("{'metadata':{'name':'d','labels':{'n':'1'}}}", result);
    }

    [Fact]
    public void Patch_delete_directive_on_a_map_removes_it()
    {
        var result = Patch("{'metadata':{'labels':{'$patch':'delete'}}}", "{'metadata':{'name':'d','labels':{'o':'1'}}}");
        Equal("{'metadata':{'name':'d'}}", result);
    }

    [Fact]
    public void Finalizers_merge_as_a_primitive_set_and_delete_from_primitive_list_removes_values()
    {
        var result = Patch("{'metadata':{'finalizers':['b','a'],'$deleteFromPrimitiveList/finalizers':['a']}}");
        Equal("['b']", result["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Set_element_order_reorders_list_items()
    {
        var result = Patch("{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'side'},{'name':'web'}],'containers':[{'name':'web','image':'web:3'}]}}}}");
        Assert.Equal(["side", "web"], Containers(result)!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("web:3", Containers(result)![1]!["image"]!.GetValue<string>());
    }

    [Fact]
    public void Retain_keys_drops_fields_not_listed()
    {
        var live = "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}";
        var result = Patch("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}", live);
        Equal("{'spec':{'strategy':{'type':'Recreate'}}}", result);
    }

    [Fact]
    public void Nulls_delete_fields_as_in_a_merge_patch()
    {
        Equal("{'data':{'b':'2'}}", Patch("{'data':{'a':null}}", "{'data':{'a':'1','b':'2'}}"));
    }

    [Fact]
    public void New_list_items_are_added_without_directives()
    {
        var result = Patch("{'spec':{'template':{'spec':{'containers':[{'name':'new','image':'n:1','env':[{'name':'X','$patch':'delete'}]}]}}}}");
        Equal("{'name':'new','image':'n:1','env':[]}", Containers(result)![2]);
    }

    [Fact]
    public void Strategic_merge_patch_on_a_custom_resource_is_unsupported()
    {
        Assert.Throws<UnsupportedPatchTypeException>(() => PatchEngine.ApplyPatch(Obj("{}"), Type, "{}", ListMapSchema.Empty, isCustomResource: true));
    }

    [Theory]
    [InlineData("{'$bogus':1}")]
    [InlineData("{'metadata':{'$patch':'explode'}}")]
    [InlineData("{'spec':{'template':{'spec':{'containers':[{'image':'no-name'}]}}}}")]
    public void Invalid_directives_and_items_without_merge_key_are_rejected(string patch)
    {
        Assert.Throws<PatchException>(() => Patch(patch));
    }
}
