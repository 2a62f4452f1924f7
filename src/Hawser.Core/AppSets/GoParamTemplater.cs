using System.Text.Json.Nodes;

namespace Hawser.AppSets;

// TEMPORARY until Hawser.Templates lands on main: replaced by the Go template engine.
internal sealed class GoParamTemplater(bool missingKeyError, IReadOnlyList<string> options) : ParamTemplater
{
    public override string Render(string text, JsonObject parameters, string position) =>
        throw new AppSetTemplateException($"{position}: goTemplate ({(missingKeyError ? "missingkey=error" : string.Join(",", options))}) needs the Go template engine");
}
