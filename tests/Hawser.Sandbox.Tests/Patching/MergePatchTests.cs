using Hawser.Sandbox.Patching;
using static Hawser.Sandbox.Tests.Patching.Json;

namespace Hawser.Sandbox.Tests.Patching;

public sealed class MergePatchTests
{
    private static readonly ListMapSchema Schema = ListMapSchema.Empty;

    [Fact]
    public void Merge_patch_merges_objects_deletes_nulls_and_replaces_lists()
    {
        var live = Obj("{'kind':'ConfigMap','metadata':{'name':'a','labels':{'x':'1','y':'2'}},'data':{'a':'1'},'list':[1,2,3]}");
        var result = PatchEngine.ApplyPatch(live, "application/merge-patch+json", Text("{'metadata':{'labels':{'x':null,'z':'3'}},'data':{'b':'2'},'list':[9]}"), Schema, isCustomResource: true);
        Equal("{'kind':'ConfigMap','metadata':{'name':'a','labels':{'y':'2','z':'3'}},'data':{'a':'1','b':'2'},'list':[9]}", result);
    }

    [Fact]
    public void Merge_patch_leaves_the_live_object_untouched()
    {
        var live = Obj("{'data':{'a':'1'}}");
        PatchEngine.ApplyPatch(live, "application/merge-patch+json; charset=utf-8", Text("{'data':{'a':'2'}}"), Schema, false);
        Equal("{'data':{'a':'1'}}", live);
    }

    [Fact]
    public void Merge_patch_that_is_not_an_object_is_rejected()
    {
        var e = Assert.Throws<PatchException>(() => PatchEngine.ApplyPatch(Obj("{}"), "application/merge-patch+json", "[1]", Schema, false));
        Assert.Contains("JSON object", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_is_a_malformed_patch()
    {
        var e = Assert.Throws<PatchException>(() => PatchEngine.ApplyPatch(Obj("{}"), "application/merge-patch+json", "{nope", Schema, false));
        Assert.True(e.IsMalformed);
    }

    [Fact]
    public void Unknown_content_type_is_unsupported()
    {
        var e = Assert.Throws<UnsupportedPatchTypeException>(() => PatchEngine.ApplyPatch(Obj("{}"), "text/plain", "{}", Schema, false));
        Assert.Equal("text/plain", e.ContentType);
    }
}
