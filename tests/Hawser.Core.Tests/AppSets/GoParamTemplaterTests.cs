using System.Text.Json.Nodes;
using Hawser.AppSets;

namespace Hawser.Core.Tests.AppSets;

public sealed class GoParamTemplaterTests
{
    [Fact]
    public void GoTemplate_renders_nested_parameters_with_sprig_functions()
    {
        var templater = GoParamTemplater.Create([]);
        var parameters = JsonNode.Parse("""{"path": {"basename": "Web_App"}}""")!.AsObject();
        Assert.Equal("web-app-prod", templater.Render("{{ .path.basename | lower | replace \"_\" \"-\" }}-prod", parameters, "spec.template.metadata.name"));
    }

    [Fact]
    public void GoTemplate_with_missingkey_error_names_the_field_of_a_missing_parameter()
    {
        var templater = GoParamTemplater.Create(["missingkey=error"]);
        var e = Assert.Throws<AppSetTemplateException>(() => templater.Render("{{ .cluster }}", new JsonObject(), "spec.template.metadata.name"));
        Assert.Contains("spec.template.metadata.name", e.Message, StringComparison.Ordinal);
        Assert.Contains("cluster", e.Message, StringComparison.Ordinal);
    }
}
