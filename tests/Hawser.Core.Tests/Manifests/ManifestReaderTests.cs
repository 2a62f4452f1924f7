using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Core.Tests.Manifests;

public sealed class ManifestReaderTests
{
    [Fact]
    public void Multi_document_yaml_skips_empty_documents_and_flattens_lists()
    {
        const string yaml = """
            ---
            # only a comment
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a, namespace: web}
            ---
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Service
              metadata: {name: b}
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: c}
            """;
        var objects = ManifestReader.Read(yaml, "app.yaml");
        Assert.Equal(["ConfigMap/web/a", "Service/b", "Deployment/c"], objects.Select(o => o.Key.ToString()));
        Assert.Equal(new ResourceKey("apps", "Deployment", "", "c"), objects[2].Key);
        Assert.Equal(1, objects[0].Source!.DocumentIndex);
        Assert.Equal(3, objects[2].Source!.DocumentIndex);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("On", true)]
    [InlineData("y", true)]
    [InlineData("NO", false)]
    [InlineData("off", false)]
    [InlineData("False", false)]
    public void Yaml_1_1_boolean_words_are_booleans(string text, bool expected)
    {
        Assert.Equal(expected, Value($"v: {text}").GetValue<bool>());
    }

    [Theory]
    [InlineData("42", 42L)]
    [InlineData("-7", -7L)]
    [InlineData("0x1F", 31L)]
    [InlineData("0755", 493L)]
    [InlineData("0o17", 15L)]
    [InlineData("0b101", 5L)]
    [InlineData("1_000", 1000L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Integers_stay_integers(string text, long expected)
    {
        var value = Value($"v: {text}");
        Assert.Equal(expected, value.GetValue<long>());
        Assert.DoesNotContain(".", value.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData("-.25", -0.25)]
    public void Floats_are_numbers(string text, double expected) =>
        Assert.Equal(expected, Value($"v: {text}").GetValue<double>());

    [Theory]
    [InlineData("\"yes\"", "yes")]
    [InlineData("'42'", "42")]
    [InlineData("!!str true", "true")]
    [InlineData("2024-01-01", "2024-01-01")]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("v1", "v1")]
    [InlineData("0xZZ", "0xZZ")]
    public void Quoted_tagged_and_other_scalars_are_strings(string text, string expected) =>
        Assert.Equal(expected, Value($"v: {text}").GetValue<string>());

    [Theory]
    [InlineData("~")]
    [InlineData("null")]
    [InlineData("")]
    public void Null_forms_are_null(string text)
    {
        var objects = ManifestReader.Read($"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: x}}\nv: {text}\n", "f.yaml");
        Assert.True(objects[0].Body.ContainsKey("v"));
        Assert.Null(objects[0].Body["v"]);
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_are_resolved()
    {
        const string yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: x}
            base: &base {a: 1, b: two}
            copy: *base
            merged:
              <<: *base
              b: three
            """;
        var body = ManifestReader.Read(yaml, "f.yaml")[0].Body;
        Assert.Equal(1, body["copy"]!["a"]!.GetValue<long>());
        Assert.Equal("three", body["merged"]!["b"]!.GetValue<string>());
        Assert.Equal(1, body["merged"]!["a"]!.GetValue<long>());
    }

    [Fact]
    public void Errors_name_the_file_document_and_line()
    {
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n  labels: [unclosed\n";
        var e = Assert.Throws<ManifestException>(() => ManifestReader.Read(yaml, "apps/web.yaml"));
        Assert.Equal("apps/web.yaml", e.Location.File);
        Assert.Equal(1, e.Location.DocumentIndex);
        Assert.InRange(e.Location.Line, 5, 10);
        Assert.StartsWith("apps/web.yaml (document 1, line", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_are_rejected()
    {
        var e = Assert.Throws<ManifestException>(() => ManifestReader.Read("apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata: {name: x}\n", "f.yaml"));
        Assert.Contains("kind", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.Location.Line);
    }

    [Fact]
    public void Objects_without_kind_or_name_are_rejected_by_field()
    {
        var e = Assert.Throws<ManifestException>(() => ManifestReader.Read("apiVersion: v1\nmetadata: {name: x}\n", "f.yaml"));
        Assert.Contains("kind", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ManifestException>(() => ManifestReader.Read("apiVersion: v1\nkind: Pod\nmetadata: {}\n", "f.yaml"));
        Assert.Contains("metadata.name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_streams_are_read_too()
    {
        var objects = ManifestReader.Read("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"n":"1"}}""", "f.json");
        Assert.Equal("ConfigMap/a", objects.Single().Key.ToString());
    }

    [Fact]
    public void Written_yaml_reads_back_to_the_same_json()
    {
        var original = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","labels":{"a":"yes","b":"1","c":""}},
             "data":{"script":"line1\nline2\n","n":"0755","t":"true","s":" padded"},"num":3,"f":1.5,"ok":true,"nil":null,"arr":[],"obj":{}}
            """)!.AsObject();
        var yaml = ManifestWriter.ToYaml(original);
        var back = ManifestReader.Read(yaml, "x.yaml").Single().Body;
        Assert.True(JsonNode.DeepEquals(original, back), yaml);
    }

    private static JsonNode Value(string line) =>
        ManifestReader.Read($"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: x}}\n{line}\n", "f.yaml")[0].Body["v"]!;
}
