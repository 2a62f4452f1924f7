using System.Text.Json.Nodes;

namespace Hawser.AppSets;

/// <summary>Renders one template string of a set against one parameter set: fasttemplate, or Go templates when the set asks for them.</summary>
internal abstract class ParamTemplater
{
    /// <summary>The templater for <paramref name="spec"/>.</summary>
    public static ParamTemplater For(AppSetSpec spec) => spec.GoTemplate ? GoParamTemplater.Create(spec.GoTemplateOptions) : new FastParamTemplater();

    /// <summary>
    /// Renders <paramref name="text"/>; throws <see cref="AppSetTemplateException"/> naming <paramref name="position"/> (the field
    /// path of the template string) when the template is invalid or fails.
    /// </summary>
    public abstract string Render(string text, JsonObject parameters, string position);

    /// <summary>Renders every string of a JSON tree, map keys included; <paramref name="position"/> is the tree's field path.</summary>
    public JsonNode? RenderTree(JsonNode? node, JsonObject parameters, string position)
    {
        switch (node)
        {
            case JsonObject o:
                var result = new JsonObject();
                foreach (var (key, value) in o)
                {
                    // Keys are templates too (label and annotation names), as in Argo CD.
                    var renderedKey = Render(key, parameters, $"{position}.{key} (the key)");
                    result[renderedKey] = RenderTree(value, parameters, $"{position}.{key}");
                }
                return result;
            case JsonArray a:
                var array = new JsonArray();
                for (var i = 0; i < a.Count; i++) array.Add(RenderTree(a[i], parameters, $"{position}[{i}]"));
                return array;
            case JsonValue v when v.TryGetValue<string>(out var text):
                return JsonValue.Create(Render(text, parameters, position));
            default:
                return node?.DeepClone();
        }
    }

    private sealed class FastParamTemplater : ParamTemplater
    {
        public override string Render(string text, JsonObject parameters, string position) => FastTemplate.Render(text, parameters);
    }
}

/// <summary>A template of an ApplicationSet failed to render; the message names the field and what went wrong.</summary>
public sealed class AppSetTemplateException(string message) : Exception(message);
