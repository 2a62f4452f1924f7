using System.Text.Json.Nodes;

namespace Hawser.Apps;

/// <summary>
/// What an Argo CD object looks like when it is stored (operations, history, child apps): every <c>repoURL</c> without
/// credentials (<see cref="Sources.Redaction.DisplayUrl"/>). A password or token written into a URL is used for the sync
/// that read it and never written to the state database; repositories that need credentials later (a rollback, a child
/// app synced by name) get them from repository settings, not from the stored manifest.
/// </summary>
internal static class StoredManifest
{
    /// <summary>Removes credentials from the <c>repoURL</c> of <c>spec.source</c>, every <c>spec.sources</c> entry and an
    /// ApplicationSet's <c>spec.template.spec</c>; changes <paramref name="body"/> in place (pass a copy).</summary>
    public static void StripCredentials(JsonObject body)
    {
        foreach (var source in Sources(body))
        {
            if (source["repoURL"] is JsonValue url && url.TryGetValue<string>(out var text)) source["repoURL"] = Hawser.Sources.Redaction.DisplayUrl(text);
        }
    }

    /// <summary>Every <c>repoURL</c> the object declares, as written.</summary>
    public static IEnumerable<string> RepoUrls(JsonObject body) =>
        Sources(body).Select(s => s["repoURL"]).OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var t) ? t : null).OfType<string>().ToList();

    private static List<JsonObject> Sources(JsonObject body)
    {
        var result = new List<JsonObject>();
        foreach (var spec in new[] { body["spec"] as JsonObject, (body["spec"]?["template"] as JsonObject)?["spec"] as JsonObject })
        {
            if (spec is null) continue;
            if (spec["source"] is JsonObject single) result.Add(single);
            if (spec["sources"] is JsonArray many) result.AddRange(many.OfType<JsonObject>());
        }
        return result;
    }
}
