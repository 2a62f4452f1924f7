using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Hawser.Kubernetes;

/// <summary>
/// Watch streams: <c>GET …?watch=1&amp;resourceVersion=…</c> answered with one JSON event per line. The last
/// resourceVersion seen (bookmarks included) is remembered; when the stream ends (the server's <c>timeoutSeconds</c>) or
/// drops, the watch resumes from it, with backoff after failures. An <c>ERROR</c> event or a 410 surfaces as the typed
/// exception (<see cref="GoneException"/> for 410) and ends the enumeration: the caller re-lists.
/// </summary>
internal sealed class WatchStreams(KubernetesTransport transport, RetryPolicy retry, TimeProvider time, ILogger logger)
{
    public async IAsyncEnumerable<WatchEvent> WatchAsync(ResourceMapping mapping, WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = ResourcePaths.Collection(mapping, mapping.Namespaced ? options.Namespace : "");
        var resourceVersion = options.ResourceVersion;
        var failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var query = new Query()
                .Add("watch", "1")
                .Add("resourceVersion", resourceVersion)
                .Add("allowWatchBookmarks", options.AllowBookmarks)
                .Add("timeoutSeconds", options.TimeoutSeconds > 0 ? options.TimeoutSeconds.ToString(CultureInfo.InvariantCulture) : null)
                .Add("labelSelector", options.LabelSelector)
                .Add("fieldSelector", options.FieldSelector);
            var request = new ApiRequest(HttpMethod.Get, path + query, RetryMode.Idempotent, "") { Streaming = true };
            var events = 0;
            string? dropped = null;
            using (var response = await transport.SendAsync(request, cancellationToken))
            await using (var stream = await response!.Content.ReadAsStreamAsync(cancellationToken))
            using (var reader = new StreamReader(stream))
            {
                while (true)
                {
                    var (line, error) = await ReadLineAsync(reader, cancellationToken);
                    if (error is not null)
                    {
                        dropped = error;
                        break;
                    }
                    if (line is null) break;
                    if (line.Length == 0) continue;
                    var watchEvent = Parse(line, mapping);
                    resourceVersion = watchEvent.Object.ResourceVersion.Length > 0 ? watchEvent.Object.ResourceVersion : resourceVersion;
                    events++;
                    failures = 0;
                    yield return watchEvent;
                }
            }
            if (dropped is null)
            {
                KubernetesLog.WatchResume(logger, path, events, resourceVersion);
                // A stream that ends at once without events (a proxy closing it) must not make the watch spin.
                if (events == 0) await Task.Delay(retry.Delay(0, null, time.GetUtcNow()), time, cancellationToken);
                continue;
            }
            if (failures >= retry.MaxRetries)
                throw new KubernetesConnectionException("", $"watch of {path} kept dropping: {dropped}", new IOException(dropped));
            var delay = retry.Delay(failures++, null, time.GetUtcNow());
            KubernetesLog.WatchDropped(logger, path, dropped, resourceVersion, delay.TotalMilliseconds);
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private static async Task<(string? Line, string? Error)> ReadLineAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return (await reader.ReadLineAsync(cancellationToken), null);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, e.Message);
        }
        catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, e.Message);
        }
    }

    internal static WatchEvent Parse(string line, ResourceMapping mapping)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException e)
        {
            throw new KubernetesApiException(System.Net.HttpStatusCode.InternalServerError, "InvalidWatchEvent", "", "the server sent a watch event that is not JSON", null, e);
        }
        var type = root?["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : "";
        var body = root?["object"] as JsonObject ?? [];
        root?.Remove("object");
        return type switch
        {
            "ADDED" => new WatchEvent(WatchEventType.Added, JsonBodies.ToObject(body, mapping.Kind)),
            "MODIFIED" => new WatchEvent(WatchEventType.Modified, JsonBodies.ToObject(body, mapping.Kind)),
            "DELETED" => new WatchEvent(WatchEventType.Deleted, JsonBodies.ToObject(body, mapping.Kind)),
            "BOOKMARK" => new WatchEvent(WatchEventType.Bookmark, JsonBodies.ToObject(body, mapping.Kind)),
            "ERROR" => throw StatusErrors.FromStatus(body, ""),
            _ => throw new KubernetesApiException(System.Net.HttpStatusCode.InternalServerError, "InvalidWatchEvent", "", $"the server sent a watch event of unknown type '{type}'"),
        };
    }
}
