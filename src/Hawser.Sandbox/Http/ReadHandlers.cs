using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Selectors;
using Hawser.Sandbox.Storage;
using Hawser.Sandbox.Tables;
using Hawser.Sandbox.Writes;
using Microsoft.AspNetCore.Http;

namespace Hawser.Sandbox.Http;

/// <summary>
/// GET of one object (as JSON or a one-row Table) and lists: label and field selectors, <c>limit</c>/<c>continue</c>
/// pagination in (namespace, name) order, cluster-wide lists of namespaced kinds, and the list's resourceVersion.
/// Plain lists copy each object's stored JSON bytes straight to the response.
/// </summary>
internal sealed class ReadHandlers
{
    private readonly ApiServices _api;

    public ReadHandlers(ApiServices api) => _api = api;

    public Task GetAsync(HttpContext context, ResourceType type, string ns, string name, CancellationToken cancellationToken)
    {
        var obj = _api.Store.Get(type.GroupResource, ns, name) ?? throw ApiException.NotFound(type.GroupResource, name);
        var body = ObjectWriter.Present(type, obj.ToJsonObject());
        if (TableWriter.Wanted(context.Request.Headers.Accept.ToString()))
        {
            return JsonResponses.WriteAsync(context, 200,
                w => TableWriter.Write(w, type, [body], obj.ResourceVersion.ToString(CultureInfo.InvariantCulture), null, _api.Time.GetUtcNow()), cancellationToken);
        }
        return JsonResponses.WriteNodeAsync(context, 200, body, cancellationToken);
    }

    public Task ListAsync(HttpContext context, ResourceType type, string? ns, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        var limit = long.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : long.MaxValue;
        var after = ContinueToken.Parse(query["continue"]);

        var (all, listVersion) = _api.Store.List(type.GroupResource, ns);
        var page = new List<StoredObject>();
        string? next = null;
        foreach (var obj in all)
        {
            if (after is { } a && ContinueToken.Compare(obj, a) <= 0) continue;
            if (!labels.IsEmpty && !labels.Matches(obj.Labels)) continue;
            if (!fields.IsEmpty && !fields.Matches(obj)) continue;
            if (page.Count == limit)
            {
                var last = page[^1];
                next = ContinueToken.Format(last.Namespace, last.Name);
                break;
            }
            page.Add(obj);
        }
        var version = listVersion.ToString(CultureInfo.InvariantCulture);
        if (TableWriter.Wanted(context.Request.Headers.Accept.ToString()))
        {
            var now = _api.Time.GetUtcNow();
            return JsonResponses.WriteAsync(context, 200,
                w => TableWriter.Write(w, type, page.Select(o => ObjectWriter.Present(type, o.ToJsonObject())), version, next, now), cancellationToken);
        }
        var raw = type.StorageApiVersion == type.ApiVersion;
        return JsonResponses.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("kind", type.ListKind);
            w.WriteString("apiVersion", type.ApiVersion);
            w.WriteStartObject("metadata");
            w.WriteString("resourceVersion", version);
            if (next is not null) w.WriteString("continue", next);
            w.WriteEndObject();
            w.WriteStartArray("items");
            foreach (var obj in page)
            {
                if (raw) w.WriteRawValue(obj.Json, skipInputValidation: true);
                else ObjectWriter.Present(type, obj.ToJsonObject()).WriteTo(w);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }, cancellationToken);
    }
}

/// <summary>The opaque <c>continue</c> token: base64url of the last returned (namespace, name).</summary>
internal static class ContinueToken
{
    public static string Format(string ns, string name) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ns}\n{name}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (string Namespace, string Name)? Parse(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var split = text.IndexOf('\n', StringComparison.Ordinal);
            if (split < 0) throw ApiException.BadRequest("invalid continue token");
            return (text[..split], text[(split + 1)..]);
        }
        catch (FormatException)
        {
            throw ApiException.BadRequest("invalid continue token");
        }
    }

    public static int Compare(StoredObject obj, (string Namespace, string Name) after)
    {
        var c = string.CompareOrdinal(obj.Namespace, after.Namespace);
        return c != 0 ? c : string.CompareOrdinal(obj.Name, after.Name);
    }
}
