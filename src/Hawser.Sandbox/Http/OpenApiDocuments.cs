using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Http;

/// <summary>
/// A minimal OpenAPI v3: the root lists one document per group-version (with a content hash that changes whenever the
/// document does), and each document has, per kind, the item path with a PATCH operation carrying the
/// <c>fieldValidation</c> query parameter and <c>x-kubernetes-group-version-kind</c>. That makes kubectl send
/// <c>fieldValidation=Strict</c> and leave validation to the server. Strategic merge patch is deliberately not advertised
/// (kubectl then uses its compiled-in patch metadata), and CRD schemas are included under components when present.
/// </summary>
internal static class OpenApiDocuments
{
    public static JsonObject Root(RegistrySnapshot registry)
    {
        var paths = new JsonObject();
        foreach (var group in registry.Groups)
        {
            foreach (var version in group.Versions)
            {
                var key = Key(group.Name, version);
                var hash = Hash(GroupVersion(group, version));
                paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={hash}" };
            }
        }
        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document for <c>api/v1</c> or <c>apis/{group}/{version}</c>, or null when no such group-version is served.</summary>
    public static JsonObject? Find(RegistrySnapshot registry, string key)
    {
        foreach (var group in registry.Groups)
        {
            foreach (var version in group.Versions)
            {
                if (Key(group.Name, version) == key) return GroupVersion(group, version);
            }
        }
        return null;
    }

    public static string Hash(JsonObject document) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())))[..32];

    private static string Key(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private static JsonObject GroupVersion(ApiGroup group, string version)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var type in group.TypesOf(version).OrderBy(t => t.Resource, StringComparer.Ordinal))
        {
            var gvk = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind };
            var patch = new JsonObject
            {
                ["operationId"] = $"patch{type.Kind}",
                ["parameters"] = new JsonArray(
                    Query("dryRun"), Query("fieldManager"), Query("fieldValidation"), Query("force")),
                ["requestBody"] = new JsonObject
                {
                    ["content"] = new JsonObject
                    {
                        ["application/apply-patch+yaml"] = new JsonObject(),
                        ["application/json-patch+json"] = new JsonObject(),
                        ["application/merge-patch+json"] = new JsonObject(),
                    },
                },
                ["x-kubernetes-action"] = "patch",
                ["x-kubernetes-group-version-kind"] = gvk,
            };
            paths[ItemPath(type)] = new JsonObject { ["patch"] = patch };
            if (type.Schema is not null)
            {
                var name = $"{string.Join('.', type.Group.Split('.').Reverse())}.{type.Version}.{type.Kind}";
                var schema = type.Schema.DeepClone().AsObject();
                schema["x-kubernetes-group-version-kind"] = new JsonArray(gvk.DeepClone());
                schemas[name] = schema;
            }
        }
        var document = new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.33.0" },
            ["paths"] = paths,
        };
        if (schemas.Count > 0) document["components"] = new JsonObject { ["schemas"] = schemas };
        return document;
    }

    private static string ItemPath(ResourceType type)
    {
        var root = type.Group.Length == 0 ? $"/api/{type.Version}" : $"/apis/{type.Group}/{type.Version}";
        return type.Namespaced ? $"{root}/namespaces/{{namespace}}/{type.Resource}/{{name}}" : $"{root}/{type.Resource}/{{name}}";
    }

    private static JsonObject Query(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };
}
