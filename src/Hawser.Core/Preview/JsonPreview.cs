using System.Text.Json.Nodes;

namespace Hawser.Preview;

/// <summary>
/// A <see cref="PreviewReport"/> as JSON for scripts: <c>base</c>, <c>head</c>, a <c>summary</c> of counts, <c>apps</c> (name,
/// change, objects with group, kind, namespace, name, change and the unified diff) and <c>errors</c>. Secret values are masked.
/// </summary>
public static class JsonPreview
{
    public static JsonObject ToJson(PreviewReport report) => new()
    {
        ["base"] = report.BaseCommit,
        ["head"] = report.HeadCommit,
        ["summary"] = new JsonObject
        {
            ["added"] = report.Count(PreviewChange.Added),
            ["removed"] = report.Count(PreviewChange.Removed),
            ["changed"] = report.Count(PreviewChange.Changed),
            ["unchanged"] = report.Unchanged,
            ["errors"] = report.Errors.Count,
            ["rendered"] = report.Renders.Rendered,
            ["cached"] = report.Renders.Cached,
        },
        ["apps"] = new JsonArray(report.Apps.Select(a => (JsonNode)new JsonObject
        {
            ["name"] = a.Name,
            ["change"] = TextPreview.Word(a.Change),
            ["objects"] = new JsonArray(a.Objects.Select(o => (JsonNode)new JsonObject
            {
                ["group"] = o.Key.Group,
                ["kind"] = o.Key.Kind,
                ["namespace"] = o.Key.Namespace,
                ["name"] = o.Key.Name,
                ["change"] = TextPreview.Word(o.Change),
                ["diff"] = o.Diff(),
            }).ToArray()),
        }).ToArray()),
        ["errors"] = new JsonArray(report.Errors.Select(e => (JsonNode)new JsonObject
        {
            ["app"] = e.App,
            ["revision"] = e.Revision,
            ["message"] = e.Message,
        }).ToArray()),
    };
}
