using System.Text;
using Hawser.Manifests;

namespace Hawser.Core.Tests.Manifests;

public sealed class ParseLimitsTests
{
    [Fact]
    public void Yaml_nested_twenty_thousand_levels_in_flow_style_fails_with_the_file_and_line()
    {
        var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: " + new string('[', 20_000) + new string(']', 20_000) + "\n";
        var e = Assert.Throws<ManifestException>(() => ManifestReader.Read(yaml, "deep.yaml"));
        Assert.Equal("deep.yaml (document 0, line 4): invalid YAML: nesting is deeper than 256 levels", e.Message);
    }

    [Fact]
    public void Yaml_nested_twenty_thousand_levels_in_block_style_fails_without_a_stack_overflow()
    {
        var text = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        for (var i = 0; i < 20_000; i++) text.Append(' ', Math.Min(i, 2000)).Append(i < 2000 ? "a:\n" : "- \n");
        var e = Assert.Throws<ManifestException>(() => ManifestReader.Read(text.ToString(), "deep.yaml"));
        Assert.Contains("deep.yaml (document 0, line ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_nested_deeper_than_the_limit_names_the_limit_not_dotnet()
    {
        var json = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"},\"data\":\n" + new string('[', 1200) + new string(']', 1200) + "}";
        var e = Assert.Throws<ManifestException>(() => ManifestReader.Read(json, "deep.json"));
        Assert.Equal("deep.json (document 0, line 2): invalid JSON: nesting is deeper than 256 levels", e.Message);
    }

    [Fact]
    public void Json_at_the_depth_limit_is_read()
    {
        var json = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"},\"data\":" + new string('[', 254) + new string(']', 254) + "}";
        Assert.Single(ManifestReader.Read(json, "ok.json"));
    }

    [Fact]
    public void Billion_laughs_fails_on_the_alias_budget_before_growing()
    {
        var yaml = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level <= 9; level++)
        {
            var refs = string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 9));
            yaml.Append($"l{level}: &l{level} [{refs}]\n");
        }
        var e = Assert.Throws<ManifestException>(() => ManifestReader.Read(yaml.ToString(), "lol.yaml"));
        Assert.Matches(@"^lol\.yaml \(document 0, line \d+\): invalid YAML: aliases expand to more than 100000 nodes$", e.Message);
    }

    [Fact]
    public void Aliases_within_the_budget_are_expanded()
    {
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nbase: &b {a: 1}\ndata:\n  <<: *b\n  c: *b\n";
        var obj = Assert.Single(ManifestReader.Read(yaml, "ok.yaml"));
        Assert.Equal("""{"c":{"a":1},"a":1}""", obj.Body["data"]!.ToJsonString());
    }

    [Fact]
    public void An_alias_that_would_nest_past_the_limit_is_refused()
    {
        var deep = new string('[', 200) + new string(']', 200);
        var yaml = $"a: &d {deep}\nb: {new string('[', 100)}*d{new string(']', 100)}\n";
        var e = Assert.Throws<ManifestException>(() => YamlDocuments.Parse(yaml, "alias.yaml"));
        Assert.Contains("nesting is deeper than 256 levels once alias 'd' is expanded", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_aliases_are_refused()
    {
        var yaml = "a: &a 1\nb: [" + string.Join(",", Enumerable.Repeat("*a", 11_000)) + "]\n";
        var e = Assert.Throws<ManifestException>(() => YamlDocuments.Parse(yaml, "many.yaml"));
        Assert.Contains("line 2): invalid YAML: more than 10000 aliases", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_over_the_size_limit_is_refused_by_index()
    {
        var limits = ParseLimits.Default with { MaxDocumentChars = 1024 * 1024 };
        var yaml = "a: 1\n---\nb: \"" + new string('x', 1024 * 1024 + 10) + "\"\n";
        var e = Assert.Throws<ManifestException>(() => YamlDocuments.Parse(yaml, "big.yaml", limits));
        Assert.Equal("big.yaml (document 1, line 3): the document is larger than 1 MiB", e.Message);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        using var dir = new Hawser.Testing.TempDirectory();
        var path = Path.Combine(dir.Path, "big.yaml");
        using (var f = File.Create(path)) f.SetLength(33L * 1024 * 1024);
        var e = await Assert.ThrowsAsync<ManifestException>(() => ManifestReader.ReadFileAsync(path, "big.yaml", CancellationToken.None));
        Assert.Equal("big.yaml (document 0, line 1): is larger than 32 MiB", e.Message);
    }

    [Fact]
    public async Task Invalid_utf8_is_rejected_with_its_line_not_replaced()
    {
        using var dir = new Hawser.Testing.TempDirectory();
        var path = Path.Combine(dir.Path, "bad.yaml");
        await File.WriteAllBytesAsync(path, [.. "apiVersion: v1\nkind: ConfigMap\n---\nmetadata: {name: \""u8, 0xC3, 0x28, .. "\"}\n"u8]);
        var e = await Assert.ThrowsAsync<ManifestException>(() => ManifestReader.ReadFileAsync(path, "bad.yaml", CancellationToken.None));
        Assert.Equal("bad.yaml (document 1, line 4): is not valid UTF-8 (byte 0xC3); Kubernetes accepts UTF-8 text only", e.Message);
    }

    [Fact]
    public void A_nul_character_is_rejected_not_dropped()
    {
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: \"b\0c\"}\n";
        var e = Assert.Throws<ManifestException>(() => ManifestReader.Read(yaml, "nul.yaml"));
        Assert.Equal("nul.yaml (document 0, line 4): contains a NUL character; YAML and JSON text may not hold one", e.Message);
    }

    [Fact]
    public void A_json_key_defined_twice_is_a_manifest_error()
    {
        var e = Assert.Throws<ManifestException>(() => ManifestReader.Read("{\"a\":1,\"a\":2}", "dup.json"));
        Assert.StartsWith("dup.json (document 0, line 1): invalid JSON:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [1]}\n", "metadata.name must be a string, found Array")]
    [InlineData("apiVersion: v1\nkind: [ConfigMap]\nmetadata: {name: x}\n", "kind must be a string, found Array")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: x\n", "metadata must be a mapping, found String")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: {a: 1}}\n", "metadata.namespace must be a string, found Object")]
    public void An_identity_field_of_the_wrong_type_is_named_instead_of_crashing(string yaml, string expected)
    {
        var e = Assert.Throws<ManifestException>(() => ManifestReader.Read(yaml, "cm.yaml"));
        Assert.Equal($"cm.yaml (document 0, line 1): {expected}", e.Message);
    }

    [Theory]
    [InlineData("a: !!+tr 3\n", "invalid YAML: Global tags must be valid URIs.")]
    [InlineData("c: !!s[[[1]\nd: 1\n", "invalid YAML: ")]
    [InlineData("{\"apiVersion\": \"v1\", \"ki\\ud800nd\": 1}", "invalid JSON: ")]
    public void Malformed_text_the_parsers_fail_on_internally_is_a_manifest_error(string text, string expected)
    {
        var e = Assert.Throws<ManifestException>(() => ManifestReader.Read(text, "x.yaml"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("x.yaml (document 0, line ", e.Message, StringComparison.Ordinal);
    }
}
