using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Storage;
using Hawser.Sandbox.Writes;

namespace Hawser.Sandbox.Controllers;

/// <summary>
/// What the API server's CRD controllers do: a new or changed CustomResourceDefinition gets <c>status.acceptedNames</c>,
/// <c>storedVersions</c> and the <c>NamesAccepted</c> and <c>Established</c> conditions (serving starts at once, when it
/// is written); a deleted one takes its custom resources with it.
/// </summary>
internal sealed class CrdLifecycle
{
    private static readonly GroupResource Crds = new("apiextensions.k8s.io", "customresourcedefinitions");
    private readonly Http.ApiServices _api;

    public CrdLifecycle(Http.ApiServices api) => _api = api;

    public void OnEvent(WatchEvent e)
    {
        if (e.Object.Resource != Crds) return;
        if (e.Type == WatchEventType.Deleted)
        {
            RemoveInstances(e.Object.ToJsonObject());
            return;
        }
        Establish(e.Object);
    }

    private void Establish(StoredObject crd)
    {
        var body = crd.ToJsonObject();
        var spec = body["spec"] as JsonObject;
        if (spec is null || crd.IsTerminating) return;
        var status = body["status"] as JsonObject ?? new JsonObject();
        var names = spec["names"]?.DeepClone();
        var storage = (spec["versions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(v => v["storage"]?.ToString() == "true")?["name"]?.ToString();
        var established = status["conditions"] is JsonArray conditions
            && conditions.OfType<JsonObject>().Any(c => c["type"]?.ToString() == "Established" && c["status"]?.ToString() == "True");
        if (established && JsonNode.DeepEquals(status["acceptedNames"], names)) return;

        var now = _api.Writer.Now();
        status["acceptedNames"] = names;
        var stored = status["storedVersions"] as JsonArray ?? new JsonArray();
        if (storage is not null && !stored.Any(v => v?.ToString() == storage)) stored.Add(storage);
        status["storedVersions"] = stored.DeepClone();
        status["conditions"] = new JsonArray(
            Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
            Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now));
        body["status"] = status;
        var type = _api.Registry.Current.Find(Crds)!;
        _api.Writer.Update(type, crd, body, statusOnly: true, WriteRequest.Internal);
    }

    private void RemoveInstances(JsonObject crd)
    {
        var group = ObjectWriter.Str(crd["spec"]?["group"]);
        var plural = ObjectWriter.Str(crd["spec"]?["names"]?["plural"]);
        if (group.Length == 0 || plural.Length == 0) return;
        var resource = new GroupResource(group, plural);
        if (_api.Registry.Current.Find(resource) is not null) return;
        foreach (var obj in _api.Store.List(resource, null).Items) _api.Store.Delete(resource, obj.Namespace, obj.Name, null);
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };
}
