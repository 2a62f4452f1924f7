using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Selectors;
using Hawser.Sandbox.Storage;
using Hawser.Sandbox.Tables;
using Hawser.Sandbox.Writes;
using Microsoft.AspNetCore.Http;

namespace Hawser.Sandbox.Http;

/// <summary>
/// <c>?watch=true</c>: a chunked <c>application/json</c> stream of <c>{"type":...,"object":...}</c> events, sent from the
/// given resourceVersion (or, for none or "0", the current objects as ADDED first), filtered by label and field selectors,
/// with BOOKMARK events while idle when asked, until <c>timeoutSeconds</c>. 410 Expired when the version is too old.
/// Events are Tables with one row when the Accept header asks for Tables (<c>kubectl get -w</c>).
/// </summary>
internal sealed class WatchHandler
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };
    private readonly ApiServices _api;

    public WatchHandler(ApiServices api) => _api = api;

    public async Task WatchAsync(HttpContext context, ResourceType type, string? ns, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        var bookmarks = query["allowWatchBookmarks"] == "true" || query["allowWatchBookmarks"] == "1";
        var table = TableWriter.Wanted(context.Request.Headers.Accept.ToString());
        var timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : _api.Options.DefaultWatchTimeout;
        long? from = null;
        var rv = query["resourceVersion"].ToString();
        if (rv.Length > 0 && rv != "0")
        {
            if (!long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                throw ApiException.BadRequest($"invalid resourceVersion \"{rv}\"");
            from = parsed;
        }

        using var subscription = _api.Store.Watch(type.GroupResource, ns, from, initialEvents: from is null);
        context.Response.StatusCode = 200;
        context.Response.ContentType = JsonResponses.Json;
        context.Response.Headers.CacheControl = "no-cache, private";
        await context.Response.StartAsync(cancellationToken);
        await context.Response.BodyWriter.FlushAsync(cancellationToken);

        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lifetime.CancelAfter(timeout);
        var last = subscription.StartResourceVersion;
        var reader = subscription.Events;
        var firstTable = true;
        while (!lifetime.IsCancellationRequested)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token);
            if (bookmarks) tick.CancelAfter(_api.Options.BookmarkInterval);
            try
            {
                if (!await reader.WaitToReadAsync(tick.Token)) break;
            }
            catch (OperationCanceledException) when (!lifetime.IsCancellationRequested)
            {
                WriteBookmark(context, type, last);
                await context.Response.BodyWriter.FlushAsync(lifetime.Token);
                continue;
            }
            catch (OperationCanceledException)
            {
                break;
            }
            while (reader.TryRead(out var e))
            {
                last = e.Object.ResourceVersion;
                var filtered = Filter(e, labels, fields);
                if (filtered is null) continue;
                WriteEvent(context, type, filtered, table, firstTable);
                firstTable = false;
            }
            try
            {
                await context.Response.BodyWriter.FlushAsync(lifetime.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// The event as a filtered watcher sees it: an object that stops matching is DELETED for it, one that starts
    /// matching is ADDED, as the API server's watch cache does; null when it is not seen at all.
    /// </summary>
    private static WatchEvent? Filter(WatchEvent e, LabelSelector labels, FieldSelector fields)
    {
        if (labels.IsEmpty && fields.IsEmpty) return e;
        var now = Matches(e.Object, labels, fields);
        if (e.Type != WatchEventType.Modified || e.Previous is null) return now ? e : null;
        var before = Matches(e.Previous, labels, fields);
        return (before, now) switch
        {
            (true, true) => e,
            (true, false) => e with { Type = WatchEventType.Deleted },
            (false, true) => e with { Type = WatchEventType.Added },
            _ => null,
        };
    }

    private static bool Matches(StoredObject obj, LabelSelector labels, FieldSelector fields) =>
        (labels.IsEmpty || labels.Matches(obj.Labels)) && (fields.IsEmpty || fields.Matches(obj));

    private void WriteEvent(HttpContext context, ResourceType type, WatchEvent e, bool table, bool includeColumns)
    {
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("type", e.Type switch
            {
                WatchEventType.Added => "ADDED",
                WatchEventType.Modified => "MODIFIED",
                _ => "DELETED",
            });
            writer.WritePropertyName("object");
            if (table)
            {
                TableWriter.Write(writer, type, [ObjectWriter.Present(type, e.Object.ToJsonObject())],
                    e.Object.ResourceVersion.ToString(CultureInfo.InvariantCulture), null, _api.Time.GetUtcNow(), includeColumns);
            }
            else if (type.StorageApiVersion == type.ApiVersion) writer.WriteRawValue(e.Object.Json, skipInputValidation: true);
            else ObjectWriter.Present(type, e.Object.ToJsonObject()).WriteTo(writer);
            writer.WriteEndObject();
        }
        context.Response.BodyWriter.Write("\n"u8);
    }

    private static void WriteBookmark(HttpContext context, ResourceType type, long resourceVersion)
    {
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "BOOKMARK");
            writer.WriteStartObject("object");
            writer.WriteString("kind", type.Kind);
            writer.WriteString("apiVersion", type.ApiVersion);
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", resourceVersion.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        context.Response.BodyWriter.Write("\n"u8);
    }
}
