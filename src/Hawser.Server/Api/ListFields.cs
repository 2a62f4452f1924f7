using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Hawser.Server.Api;

/// <summary>
/// Argo CD's field selection of a list (<c>?fields=items.metadata.name,items.status.sync</c>) or of a stream's events
/// (<c>result.application.metadata.name</c>): each item keeps only the dotted paths named (a path to an object keeps all
/// of it), so a caller that shows a summary does not receive whole apps. Other paths are ignored (the list's own
/// <c>metadata</c> and the event's <c>type</c> are always kept); without <c>fields</c> items are whole.
/// </summary>
internal sealed class ListFields
{
    /// <summary>The prefix of a list's item paths.</summary>
    public const string ListItems = "items.";

    /// <summary>The prefix of a stream event's app paths.</summary>
    public const string StreamItems = "result.application.";

    private readonly string[][] _paths;

    private ListFields(string[][] paths) => _paths = paths;

    /// <summary>The selection of the request's item paths (those starting with <paramref name="prefix"/>), or null when it
    /// selects none (whole items).</summary>
    public static ListFields? From(IQueryCollection query, string prefix)
    {
        var paths = query["fields"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(f => f.StartsWith(prefix, StringComparison.Ordinal) && f.Length > prefix.Length)
            .Select(f => f[prefix.Length..].Split('.'))
            .ToArray();
        return paths.Length == 0 ? null : new ListFields(paths);
    }

    /// <summary>A copy of <paramref name="item"/> with only the selected paths that it has.</summary>
    public JsonObject Select(JsonObject item)
    {
        var result = new JsonObject();
        foreach (var path in _paths)
        {
            JsonNode? from = item;
            JsonObject to = result;
            for (var i = 0; i < path.Length && from is JsonObject source; i++)
            {
                if (!source.TryGetPropertyValue(path[i], out var value)) break;
                if (i == path.Length - 1)
                {
                    to[path[i]] = value?.DeepClone();
                    break;
                }
                if (value is not JsonObject) break;
                if (to[path[i]] is not JsonObject next) to[path[i]] = next = [];
                to = next;
                from = value;
            }
        }
        return result;
    }
}
