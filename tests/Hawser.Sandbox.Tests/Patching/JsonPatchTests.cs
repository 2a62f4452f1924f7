using Hawser.Sandbox.Patching;
using static Hawser.Sandbox.Tests.Patching.Json;

namespace Hawser.Sandbox.Tests.Patching;

public sealed class JsonPatchTests
{
    private const string Type = "application/json-patch+json";

    private static JsonNodeResult Run(string live, string patch) =>
        new(PatchEngine.ApplyPatch(Obj(live), Type, Text(patch), ListMapSchema.Empty, isCustomResource: true));

    private sealed record JsonNodeResult(System.Text.Json.Nodes.JsonObject Value);

    [Fact]
    public void Add_remove_and_replace_work_on_objects_and_arrays()
    {
        var result = Run("{'a':{'b':1},'l':[1,2,3]}",
            "[{'op':'add','path':'/a/c','value':2},{'op':'remove','path':'/a/b'},{'op':'replace','path':'/l/0','value':9},{'op':'add','path':'/l/-','value':4},{'op':'add','path':'/l/1','value':7}]");
        Equal("{'a':{'c':2},'l':[9,7,2,3,4]}", result.Value);
    }

    [Fact]
    public void Move_and_copy_relocate_values()
    {
        var result = Run("{'a':{'x':1},'b':{}}", "[{'op':'copy','from':'/a/x','path':'/b/y'},{'op':'move','from':'/a','path':'/c'}]");
        Equal("{'b':{'y':1},'c':{'x':1}}", result.Value);
    }

    [Fact]
    public void Pointer_escapes_name_keys_with_slashes_and_tildes()
    {
        var result = Run("{'metadata':{'annotations':{'a/b':'1','c~d':'2'}}}",
            "[{'op':'replace','path':'/metadata/annotations/a~1b','value':'x'},{'op':'remove','path':'/metadata/annotations/c~0d'}]");
        Equal("{'metadata':{'annotations':{'a/b':'x'}}}", result.Value);
    }

    [Fact]
    public void Failed_test_rejects_the_whole_patch()
    {
        var e = Assert.Throws<PatchException>(() => Run("{'a':1}", "[{'op':'replace','path':'/a','value':2},{'op':'test','path':'/a','value':3}]"));
        Assert.Contains("test operation failed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Passing_test_lets_the_patch_continue()
    {
        Equal("{'a':2}", Run("{'a':1}", "[{'op':'test','path':'/a','value':1},{'op':'replace','path':'/a','value':2}]").Value);
    }

    [Theory]
    [InlineData("[{'op':'remove','path':'/missing'}]")]
    [InlineData("[{'op':'replace','path':'/missing','value':1}]")]
    [InlineData("[{'op':'add','path':'/l/5','value':1}]")]
    [InlineData("[{'op':'add','path':'/l/01','value':1}]")]
    [InlineData("[{'op':'add','path':'/x/y','value':1}]")]
    [InlineData("[{'op':'frobnicate','path':'/a'}]")]
    [InlineData("[{'op':'add','path':'a','value':1}]")]
    [InlineData("[{'op':'move','from':'/m','path':'/m/n'}]")]
    [InlineData("{'op':'add'}")]
    public void Invalid_operations_are_rejected(string patch)
    {
        Assert.Throws<PatchException>(() => Run("{'l':[1],'m':{}}", patch));
    }

    [Fact]
    public void Managed_fields_and_resource_version_can_be_replaced_as_kubectl_migrates_ownership()
    {
        var result = Run("{'metadata':{'resourceVersion':'107','managedFields':[{'manager':'old'}]}}",
            "[{'op':'replace','path':'/metadata/managedFields','value':[{'manager':'kubectl'}]},{'op':'replace','path':'/metadata/resourceVersion','value':'108'}]");
        Equal("{'metadata':{'resourceVersion':'108','managedFields':[{'manager':'kubectl'}]}}", result.Value);
    }
}
