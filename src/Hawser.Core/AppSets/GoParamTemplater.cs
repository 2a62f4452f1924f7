using System.Text.Json.Nodes;

namespace Hawser.AppSets;

/// <summary>
/// <c>goTemplate: true</c> until the Go template engine (Hawser.Templates) is part of the build: every template string of such a
/// set is reported as a RenderTemplateParamsError condition naming its field, so the set generates nothing silently.
/// </summary>
internal sealed class GoParamTemplater : ParamTemplater
{
    public static GoParamTemplater Create(IReadOnlyList<string> goTemplateOptions) => new();

    public override string Render(string text, JsonObject parameters, string position) =>
        text.Contains("{{", StringComparison.Ordinal)
            ? throw new AppSetTemplateException($"{position}: goTemplate: true needs Hawser's Go template engine, which this build does not include yet")
            : text;
}
