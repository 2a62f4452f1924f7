using System.Diagnostics;
using System.Text.Json.Nodes;
using Hawser.Manifests;
using Microsoft.Extensions.Logging;

namespace Hawser.Kubernetes;

/// <summary>
/// Reads what the cluster serves. First aggregated discovery (<c>/api</c> and <c>/apis</c> with
/// <c>Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList</c>: two requests for everything);
/// when the server answers with the legacy <c>APIVersions</c>/<c>APIGroupList</c> instead, one <c>APIResourceList</c>
/// per group version, fetched in parallel. A failing group version (an unavailable aggregated API) is logged and skipped,
/// as kubectl does.
/// </summary>
internal sealed class ApiDiscovery(KubernetesTransport transport, ILogger logger)
{
    internal const string AggregatedAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    public async Task<DiscoveredResources> DiscoverAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var mappings = new List<ResourceMapping>();
        var (core, coreAggregated) = await FetchAsync("/api", cancellationToken);
        var (groups, groupsAggregated) = await FetchAsync("/apis", cancellationToken);
        var legacy = new List<string>();

        if (coreAggregated) mappings.AddRange(ParseAggregated(core, defaultGroup: ""));
        else legacy.AddRange((core["versions"] as JsonArray ?? []).Select(v => "/api/" + Str(v)));

        if (groupsAggregated) mappings.AddRange(ParseAggregated(groups, defaultGroup: null));
        else
        {
            foreach (var group in (groups["groups"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var versions = (group["versions"] as JsonArray ?? []).OfType<JsonObject>().Select(v => Str(v["groupVersion"])).ToList();
                var preferred = Str((group["preferredVersion"] as JsonObject)?["groupVersion"]);
                // The preferred version first, so that it wins when a kind is served by several versions.
                foreach (var gv in versions.OrderBy(v => v == preferred ? 0 : 1)) legacy.Add("/apis/" + gv);
            }
        }

        if (legacy.Count > 0)
        {
            var lists = await Task.WhenAll(legacy.Select(path => FetchResourceListAsync(path, cancellationToken)));
            foreach (var list in lists) mappings.AddRange(list);
        }
        var result = new DiscoveredResources(mappings);
        KubernetesLog.Discovered(logger, transport.Settings.Server.ToString(), mappings.Count, coreAggregated && groupsAggregated ? "aggregated" : "legacy", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    private async Task<(JsonObject Body, bool Aggregated)> FetchAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await transport.SendAsync(new ApiRequest(HttpMethod.Get, path, RetryMode.Idempotent, "") { Accept = AggregatedAccept }, cancellationToken);
        var contentType = response!.Content.Headers.ContentType?.ToString() ?? "";
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var body = await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken) as JsonObject ?? [];
        var aggregated = contentType.Contains("as=APIGroupDiscoveryList", StringComparison.OrdinalIgnoreCase) || Str(body["kind"]) == "APIGroupDiscoveryList";
        return (body, aggregated);
    }

    private static IEnumerable<ResourceMapping> ParseAggregated(JsonObject list, string? defaultGroup)
    {
        foreach (var group in (list["items"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var groupName = defaultGroup ?? Str((group["metadata"] as JsonObject)?["name"]);
            foreach (var version in (group["versions"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var versionName = Str(version["version"]);
                foreach (var resource in (version["resources"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var responseKind = resource["responseKind"] as JsonObject;
                    var kind = Str(responseKind?["kind"]);
                    if (kind.Length == 0) continue;
                    var subresources = (resource["subresources"] as JsonArray ?? []).OfType<JsonObject>().Select(s => Str(s["subresource"]));
                    yield return new ResourceMapping(
                        new GroupVersionKind(groupName, versionName, kind),
                        Str(resource["resource"]),
                        Str(resource["scope"]) != "Cluster",
                        Verbs(resource["verbs"]),
                        subresources.Contains("status"));
                }
            }
        }
    }

    private async Task<IReadOnlyList<ResourceMapping>> FetchResourceListAsync(string path, CancellationToken cancellationToken)
    {
        JsonObject body;
        try
        {
            using var response = await transport.SendAsync(new ApiRequest(HttpMethod.Get, path, RetryMode.Idempotent, ""), cancellationToken);
            await using var stream = await response!.Content.ReadAsStreamAsync(cancellationToken);
            body = await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken) as JsonObject ?? [];
        }
        catch (KubernetesApiException e)
        {
            KubernetesLog.GroupVersionFailed(logger, path, e.Message);
            return [];
        }
        var groupVersion = Str(body["groupVersion"]);
        var gv = GroupVersionKind.From(groupVersion, "");
        var resources = (body["resources"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var withStatus = resources.Select(r => Str(r["name"])).Where(n => n.EndsWith("/status", StringComparison.Ordinal)).Select(n => n[..^7]).ToHashSet(StringComparer.Ordinal);
        var mappings = new List<ResourceMapping>();
        foreach (var resource in resources)
        {
            var name = Str(resource["name"]);
            if (name.Contains('/', StringComparison.Ordinal)) continue;
            mappings.Add(new ResourceMapping(
                gv with { Kind = Str(resource["kind"]) },
                name,
                resource["namespaced"] is JsonValue v && v.TryGetValue<bool>(out var ns) && ns,
                Verbs(resource["verbs"]),
                withStatus.Contains(name)));
        }
        return mappings;
    }

    private static string[] Verbs(JsonNode? verbs) => (verbs as JsonArray ?? []).Select(Str).Where(v => v.Length > 0).ToArray();

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}

/// <summary>One discovery snapshot: every kind the cluster serves, by exact group/version/kind.</summary>
internal sealed class DiscoveredResources
{
    private readonly Dictionary<GroupVersionKind, ResourceMapping> _byKind = [];

    public DiscoveredResources(IEnumerable<ResourceMapping> mappings)
    {
        foreach (var mapping in mappings) _byKind.TryAdd(mapping.Kind, mapping);
        All = _byKind.Values.OrderBy(m => m.Kind.Group, StringComparer.Ordinal).ThenBy(m => m.Resource, StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<ResourceMapping> All { get; }

    public bool TryGet(GroupVersionKind kind, out ResourceMapping mapping) => _byKind.TryGetValue(kind, out mapping!);
}
