using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Hawser.Templates;

namespace Hawser.AppSets;

/// <summary>
/// <c>goTemplate: true</c>: every template string of the set runs through Hawser's Go <c>text/template</c> engine (with
/// Sprig and Argo CD's functions) over the nested parameters, with the set's <c>goTemplateOptions</c>
/// (<c>missingkey=error</c>). Each distinct template is parsed once per set and reused for every parameter set.
/// </summary>
internal sealed class GoParamTemplater(GoTemplateOptions options) : ParamTemplater
{
    private readonly ConcurrentDictionary<(string Position, string Text), GoTemplate> _parsed = new();

    public static GoParamTemplater Create(IReadOnlyList<string> goTemplateOptions) => new(GoTemplateOptions.Default.WithGoOptions(goTemplateOptions));

    public override string Render(string text, JsonObject parameters, string position)
    {
        if (!text.Contains("{{", StringComparison.Ordinal)) return text;
        try
        {
            return _parsed.GetOrAdd((position, text), key => GoTemplate.Parse(key.Position, key.Text, options)).Execute(parameters);
        }
        catch (TemplateException e)
        {
            throw new AppSetTemplateException(e.Message);
        }
    }
}
