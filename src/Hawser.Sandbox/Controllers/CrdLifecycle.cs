using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Storage;
using Hawser.Sandbox.Writes;

namespace Hawser.Sandbox.Controllers;

/// <summary>
/// CRD clean-up as the API server does it: a deleted CustomResourceDefinition takes its custom resources with it.
/// (Serving starts and stops when the CRD is written; its <c>Established</c> status comes from workload simulation.)
/// </summary>
internal sealed class CrdLifecycle
{
    private static readonly GroupResource Crds = new("apiextensions.k8s.io", "customresourcedefinitions");
    private readonly Http.ApiServices _api;

    public CrdLifecycle(Http.ApiServices api) => _api = api;

    public void OnEvent(WatchEvent e)
    {
        if (e.Object.Resource != Crds) return;
        if (e.Type == WatchEventType.Deleted) RemoveInstances(e.Object.ToJsonObject());
    }

    private void RemoveInstances(JsonObject crd)
    {
        var group = ObjectWriter.Str(crd["spec"]?["group"]);
        var plural = ObjectWriter.Str(crd["spec"]?["names"]?["plural"]);
        if (group.Length == 0 || plural.Length == 0) return;
        var resource = new GroupResource(group, plural);
        // Created again since (the store, not the serving registry, which may not have caught up with the deletion yet).
        if (_api.Store.Get(Crds, "", ObjectWriter.Str(crd["metadata"]?["name"])) is not null) return;
        foreach (var obj in _api.Store.List(resource, null).Items) _api.Store.Delete(resource, obj.Namespace, obj.Name, null);
    }
}
