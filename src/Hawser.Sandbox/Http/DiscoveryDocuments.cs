using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Http;

/// <summary>
/// Discovery, from one <see cref="RegistrySnapshot"/>: aggregated (<c>APIGroupDiscoveryList</c>, only when the Accept header
/// asks for it, answered with its exact content type) and legacy (<c>APIVersions</c>, <c>APIGroupList</c>, <c>APIGroup</c>,
/// <c>APIResourceList</c>). Preferred versions are listed first, since kubectl uses the first.
/// </summary>
internal static class DiscoveryDocuments
{
    public const string AggregatedV2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    public const string AggregatedV2Beta1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
    private static readonly string[] SubresourceVerbs = ["get", "patch", "update"];

    /// <summary>The aggregated content type the Accept header asks for, or null for legacy.</summary>
    public static string? AggregatedContentType(string accept)
    {
        if (!accept.Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal)) return null;
        foreach (var part in accept.Split(','))
        {
            if (!part.Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal)) continue;
            var compact = part.Replace(" ", "", StringComparison.Ordinal);
            if (compact.Contains("v=v2beta1", StringComparison.Ordinal)) return AggregatedV2Beta1;
            if (compact.Contains("v=v2", StringComparison.Ordinal)) return AggregatedV2;
        }
        return null;
    }

    /// <summary>The aggregated list for <c>/api</c> (core only) or <c>/apis</c> (every other group).</summary>
    public static JsonObject Aggregated(RegistrySnapshot registry, bool core, string contentType)
    {
        var items = new JsonArray();
        foreach (var group in registry.Groups.Where(g => (g.Name.Length == 0) == core))
        {
            var versions = new JsonArray();
            foreach (var version in group.Versions)
            {
                var resources = new JsonArray();
                foreach (var type in group.TypesOf(version).OrderBy(t => t.Resource, StringComparer.Ordinal)) resources.Add((JsonNode)AggregatedResource(type));
                versions.Add((JsonNode)new JsonObject { ["version"] = version, ["resources"] = resources, ["freshness"] = "Current" });
            }
            items.Add((JsonNode)new JsonObject { ["metadata"] = new JsonObject { ["name"] = group.Name }, ["versions"] = versions });
        }
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = contentType == AggregatedV2Beta1 ? "apidiscovery.k8s.io/v2beta1" : "apidiscovery.k8s.io/v2",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static JsonObject AggregatedResource(ResourceType type)
    {
        var resource = new JsonObject
        {
            ["resource"] = type.Resource,
            ["responseKind"] = Kind(type),
            ["scope"] = type.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = type.Singular,
            ["verbs"] = Strings(type.Verbs),
        };
        if (type.ShortNames.Count > 0) resource["shortNames"] = Strings(type.ShortNames);
        if (type.Categories.Count > 0) resource["categories"] = Strings(type.Categories);
        var subresources = new JsonArray();
        if (type.HasStatus)
        {
            subresources.Add((JsonNode)new JsonObject
            {
                ["subresource"] = "status",
                ["responseKind"] = Kind(type),
                ["verbs"] = Strings(SubresourceVerbs),
            });
        }
        if (type.Scale is not null)
        {
            subresources.Add((JsonNode)new JsonObject
            {
                ["subresource"] = "scale",
                ["responseKind"] = ScaleKind(),
                ["verbs"] = Strings(SubresourceVerbs),
            });
        }
        if (type.HasTokenRequest)
        {
            subresources.Add((JsonNode)new JsonObject
            {
                ["subresource"] = "token",
                ["responseKind"] = new JsonObject { ["group"] = "authentication.k8s.io", ["version"] = "v1", ["kind"] = "TokenRequest" },
                ["verbs"] = new JsonArray("create"),
            });
        }
        if (subresources.Count > 0) resource["subresources"] = subresources;
        return resource;
    }

    /// <summary>Legacy <c>/api</c>.</summary>
    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    /// <summary>Legacy <c>/apis</c>.</summary>
    public static JsonObject GroupList(RegistrySnapshot registry) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(registry.Groups.Where(g => g.Name.Length > 0).Select(g => (JsonNode)Group(g)).ToArray()),
    };

    /// <summary>Legacy <c>/apis/{group}</c>.</summary>
    public static JsonObject Group(ApiGroup group)
    {
        var versions = new JsonArray(group.Versions.Select(v => (JsonNode)GroupVersion(group.Name, v)).ToArray());
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group.Name,
            ["versions"] = versions,
            ["preferredVersion"] = GroupVersion(group.Name, group.Versions[0]),
        };
    }

    /// <summary>Legacy <c>/api/v1</c> or <c>/apis/{group}/{version}</c>.</summary>
    public static JsonObject ResourceList(ApiGroup group, string version)
    {
        var resources = new JsonArray();
        foreach (var type in group.TypesOf(version).OrderBy(t => t.Resource, StringComparer.Ordinal))
        {
            var entry = new JsonObject
            {
                ["name"] = type.Resource,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = Strings(type.Verbs),
            };
            if (type.ShortNames.Count > 0) entry["shortNames"] = Strings(type.ShortNames);
            if (type.Categories.Count > 0) entry["categories"] = Strings(type.Categories);
            resources.Add((JsonNode)entry);
            if (type.HasStatus)
            {
                resources.Add((JsonNode)new JsonObject
                {
                    ["name"] = type.Resource + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = type.Kind,
                    ["verbs"] = Strings(SubresourceVerbs),
                });
            }
            if (type.Scale is not null)
            {
                resources.Add((JsonNode)new JsonObject
                {
                    ["name"] = type.Resource + "/scale",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["group"] = "autoscaling",
                    ["version"] = "v1",
                    ["kind"] = "Scale",
                    ["verbs"] = Strings(SubresourceVerbs),
                });
            }
            if (type.HasTokenRequest)
            {
                resources.Add((JsonNode)new JsonObject
                {
                    ["name"] = type.Resource + "/token",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["group"] = "authentication.k8s.io",
                    ["version"] = "v1",
                    ["kind"] = "TokenRequest",
                    ["verbs"] = new JsonArray("create"),
                });
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Name.Length == 0 ? version : $"{group.Name}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject GroupVersion(string group, string version) => new()
    {
        ["groupVersion"] = $"{group}/{version}",
        ["version"] = version,
    };

    private static JsonObject ScaleKind() => new() { ["group"] = "autoscaling", ["version"] = "v1", ["kind"] = "Scale" };

    private static JsonObject Kind(ResourceType type) => new() { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
