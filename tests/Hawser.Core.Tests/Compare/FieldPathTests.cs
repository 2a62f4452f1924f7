using System.Text.Json.Nodes;
using Hawser.Compare;

namespace Hawser.Core.Tests.Compare;

public sealed class FieldPathTests
{
    private static JsonNode Deployment() => JsonNode.Parse("""
        {"metadata":{"annotations":{"a/b":"1","keep":"2"}},
         "spec":{"replicas":3,"template":{"spec":{"containers":[
            {"name":"app","image":"app:1","ports":[80]},
            {"name":"sidecar","image":"side:1"}]}}}}
        """)!;

    [Fact]
    public void A_json_pointer_removes_one_field()
    {
        var doc = Deployment();
        FieldPath.FromJsonPointer("/spec/replicas").RemoveFrom(doc);
        Assert.Null(doc["spec"]!["replicas"]);
    }

    [Fact]
    public void A_json_pointer_unescapes_slashes_and_tildes()
    {
        var doc = Deployment();
        FieldPath.FromJsonPointer("/metadata/annotations/a~1b").RemoveFrom(doc);
        Assert.Null(doc["metadata"]!["annotations"]!["a/b"]);
        Assert.NotNull(doc["metadata"]!["annotations"]!["keep"]);
    }

    [Fact]
    public void A_json_pointer_with_a_numeric_token_addresses_an_array_element()
    {
        var doc = Deployment();
        FieldPath.FromJsonPointer("/spec/template/spec/containers/1/image").RemoveFrom(doc);
        Assert.Null(doc["spec"]!["template"]!["spec"]!["containers"]![1]!["image"]);
        Assert.NotNull(doc["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
    }

    [Fact]
    public void A_jq_dotted_path_removes_one_field()
    {
        var doc = Deployment();
        FieldPath.FromJq(".spec.replicas").RemoveFrom(doc);
        Assert.Null(doc["spec"]!["replicas"]);
    }

    [Fact]
    public void A_jq_select_removes_the_field_of_the_matching_element_only()
    {
        var doc = Deployment();
        FieldPath.FromJq(".spec.template.spec.containers[] | select(.name == \"sidecar\") | .image").RemoveFrom(doc);
        var containers = doc["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal("app:1", containers[0]!["image"]!.GetValue<string>());
        Assert.Null(containers[1]!["image"]);
    }

    [Fact]
    public void A_jq_bracketed_key_removes_an_annotation_with_a_slash()
    {
        var doc = Deployment();
        FieldPath.FromJq(".metadata.annotations[\"a/b\"]").RemoveFrom(doc);
        Assert.Null(doc["metadata"]!["annotations"]!["a/b"]);
    }

    [Fact]
    public void A_jq_iteration_removes_the_field_from_every_element()
    {
        var doc = Deployment();
        FieldPath.FromJq(".spec.template.spec.containers[].image").RemoveFrom(doc);
        Assert.All(doc["spec"]!["template"]!["spec"]!["containers"]!.AsArray(), c => Assert.Null(c!["image"]));
    }

    [Fact]
    public void A_jq_index_removes_one_element()
    {
        var doc = Deployment();
        FieldPath.FromJq(".spec.template.spec.containers[0]").RemoveFrom(doc);
        Assert.Single(doc["spec"]!["template"]!["spec"]!["containers"]!.AsArray());
    }

    [Theory]
    [InlineData("spec.replicas")]
    [InlineData(".spec | length")]
    [InlineData(".spec.x[abc]")]
    [InlineData(".a[] | select(.name != \"x\")")]
    public void Unsupported_jq_forms_are_reported_with_the_expression(string expression)
    {
        var e = Assert.Throws<FormatException>(() => FieldPath.FromJq(expression));
        Assert.Contains(expression, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_fields_are_ignored()
    {
        var doc = Deployment();
        FieldPath.FromJq(".spec.nothing.here").RemoveFrom(doc);
        FieldPath.FromJsonPointer("/status/replicas").RemoveFrom(doc);
        Assert.Equal(3, doc["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public void Managed_fields_of_a_listed_manager_are_removed()
    {
        var live = JsonNode.Parse("""
            {"metadata":{"managedFields":[
               {"manager":"hpa-controller","fieldsV1":{"f:spec":{"f:replicas":{}}}},
               {"manager":"hawser","fieldsV1":{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{}}}}}}}}]},
             "spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"app","image":"app:1"}]}}}}
            """)!.AsObject();
        var sets = ManagedFieldsFilter.FieldSetsOf(live, ["hpa-controller"]);
        Assert.Single(sets);
        var copy = live.DeepClone();
        ManagedFieldsFilter.Remove(copy, sets[0]);
        Assert.Null(copy["spec"]!["replicas"]);
        Assert.Equal("app:1", copy["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());

        ManagedFieldsFilter.Remove(copy, ManagedFieldsFilter.FieldSetsOf(live, ["hawser"])[0]);
        Assert.Null(copy["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
    }
}
