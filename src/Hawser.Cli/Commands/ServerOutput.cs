using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Cli.Commands;

/// <summary>How the verbs that ask a server print what it answered: a table, JSON, YAML or names.</summary>
internal static class ServerOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary><c>-o</c>: table (default), json, yaml or name.</summary>
    public static Option<string> FormatOption()
    {
        var option = new Option<string>("--output", "-o") { Description = "table (default), json, yaml or name.", DefaultValueFactory = _ => "table" };
        option.AcceptOnlyFromAmong("table", "wide", "json", "yaml", "name");
        return option;
    }

    /// <summary>Prints list items in <paramref name="format"/>; <paramref name="row"/> makes a table row, <paramref name="name"/> the name.</summary>
    public static void List(IReadOnlyList<JsonObject> items, string format, string[] header, Func<JsonObject, string[]> row, Func<JsonObject, string> name, TextWriter output)
    {
        switch (format)
        {
            case "json":
                output.WriteLine(new JsonArray(items.Select(i => (JsonNode?)i.DeepClone()).ToArray()).ToJsonString(Indented));
                break;
            case "yaml":
                output.Write(Manifests.ManifestWriter.ToYaml(items.Select(i => (JsonNode?)i.DeepClone())));
                break;
            case "name":
                foreach (var item in items) output.WriteLine(name(item));
                break;
            default:
                AppOutput.Table(header, items.Select(row).ToList(), output, "");
                break;
        }
    }

    /// <summary>Prints one object as JSON or YAML.</summary>
    public static void One(JsonObject item, string format, TextWriter output)
    {
        if (format == "yaml") output.Write(Manifests.ManifestWriter.ToYaml(item));
        else output.WriteLine(item.ToJsonString(Indented));
    }

    /// <summary>The list answer's items.</summary>
    public static IReadOnlyList<JsonObject> Items(JsonObject list) => (list["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    /// <summary>A string field, or empty.</summary>
    public static string Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => "",
    };

    /// <summary>A list of strings joined with commas.</summary>
    public static string Join(JsonNode? node) => string.Join(",", (node as JsonArray ?? []).Select(Text));
}
