using Hawser.Images;

namespace Hawser.Core.Tests.Images;

public sealed class YamlTextEditorTests
{
    private static readonly ImageReference Shop = ImageReference.Parse("ghcr.io/acme/shop");

    [Fact]
    public void A_tag_replacing_a_pinned_digest_removes_the_digest_line_and_nothing_else()
    {
        const string text = "images:\n  - name: ghcr.io/acme/shop  # app\n    newTag: v1\n    digest: sha256:aaaa\n  - name: redis\n";
        var editor = new YamlTextEditor(text);

        KustomizationDeclaration.Edit(editor, YamlText.Parse(text, "k.yaml")[0], Shop, new ImageVersion("v2", null), "k.yaml");

        Assert.Equal("images:\n  - name: ghcr.io/acme/shop  # app\n    newTag: v2\n  - name: redis\n", editor.Apply());
    }

    [Fact]
    public void Flow_style_lists_and_mappings_get_flow_style_additions()
    {
        const string text = "images: [{name: redis, newTag: '7'}, {name: ghcr.io/acme/shop}]\n";
        var editor = new YamlTextEditor(text);

        KustomizationDeclaration.Edit(editor, YamlText.Parse(text, "k.yaml")[0], Shop, new ImageVersion("1.0", null), "k.yaml");

        Assert.Equal("images: [{name: redis, newTag: '7'}, {name: ghcr.io/acme/shop, newTag: \"1.0\"}]\n", editor.Apply());
    }

    [Theory]
    [InlineData("tag: 'v1'", "tag: 'v2'")]
    [InlineData("tag: \"v1\"", "tag: \"v2\"")]
    [InlineData("tag: v1", "tag: v2")]
    public void A_replaced_scalar_keeps_its_quoting_style(string before, string after)
    {
        var text = $"image:\n  repository: ghcr.io/acme/shop\n  {before}   # keep\n";
        var editor = new YamlTextEditor(text);

        HelmValuesDeclaration.Edit(editor, YamlText.Parse(text, "values.yaml")[0], Shop, new ImageVersion("v2", null), null, "values.yaml");

        Assert.Equal($"image:\n  repository: ghcr.io/acme/shop\n  {after}   # keep\n", editor.Apply());
    }

    [Fact]
    public void A_plain_value_that_would_read_as_a_number_is_quoted()
    {
        Assert.Equal("\"1.26\"", YamlTextEditor.Format("1.26", YamlDotNet.Core.ScalarStyle.Plain));
        Assert.Equal("v1.26", YamlTextEditor.Format("v1.26", YamlDotNet.Core.ScalarStyle.Plain));
    }
}
