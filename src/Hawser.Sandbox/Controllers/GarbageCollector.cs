using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Storage;
using Hawser.Sandbox.Writes;

namespace Hawser.Sandbox.Controllers;

/// <summary>
/// Owner-reference garbage collection. When an object goes, every dependent none of whose owners still exists is deleted
/// (background propagation, so chains cascade). An owner deleted with <c>Foreground</c> carries the
/// <c>foregroundDeletion</c> finalizer: its dependents are deleted first, and the finalizer is removed once none is left.
/// </summary>
internal sealed class GarbageCollector
{
    private readonly Http.ApiServices _api;

    public GarbageCollector(Http.ApiServices api) => _api = api;

    public void OnEvent(WatchEvent e)
    {
        var obj = e.Object;
        if (e.Type == WatchEventType.Deleted)
        {
            if (obj.Uid.Length > 0) CollectOrphansOf(obj.Uid);
            foreach (var ownerUid in obj.OwnerUids) RecheckForegroundOwner(obj, ownerUid);
            return;
        }
        if (obj.IsTerminating && obj.Finalizers.Contains(ObjectDeleter.ForegroundFinalizer)) AdvanceForeground(obj);
    }

    private void CollectOrphansOf(string uid)
    {
        foreach (var dependent in _api.Store.ListDependents(uid))
        {
            if (dependent.IsTerminating || AnyOwnerAlive(dependent)) continue;
            var type = _api.Registry.Current.Find(dependent.Resource);
            if (type is null) continue;
            try
            {
                _api.Deleter.Delete(type, dependent.Namespace, dependent.Name, new DeleteRequest(false, Propagation.Background, null, null));
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Already gone.
            }
        }
    }

    private void AdvanceForeground(StoredObject owner)
    {
        var dependents = _api.Store.ListDependents(owner.Uid);
        if (dependents.Count > 0)
        {
            foreach (var dependent in dependents.Where(d => !d.IsTerminating))
            {
                var type = _api.Registry.Current.Find(dependent.Resource);
                if (type is null) continue;
                try
                {
                    _api.Deleter.Delete(type, dependent.Namespace, dependent.Name, new DeleteRequest(false, Propagation.Foreground, null, null));
                }
                catch (ApiException e) when (e.Code == 404)
                {
                    // Already gone.
                }
            }
            return;
        }
        var ownerType = _api.Registry.Current.Find(owner.Resource);
        if (ownerType is null) return;
        var body = owner.ToJsonObject();
        var finalizers = (JsonArray)body["metadata"]!["finalizers"]!;
        foreach (var f in finalizers.Where(f => f?.ToString() == ObjectDeleter.ForegroundFinalizer).ToList()) finalizers.Remove(f);
        _api.Writer.Update(ownerType, owner, body, statusOnly: false, WriteRequest.Internal);
    }

    private void RecheckForegroundOwner(StoredObject dependent, string ownerUid)
    {
        foreach (var owner in Owners(dependent).Where(o => o.Uid == ownerUid))
        {
            if (owner.IsTerminating && owner.Finalizers.Contains(ObjectDeleter.ForegroundFinalizer)) AdvanceForeground(owner);
        }
    }

    private bool AnyOwnerAlive(StoredObject dependent) => Owners(dependent).Any();

    /// <summary>The owners that still exist (same uid), found through each reference's kind and name.</summary>
    private IEnumerable<StoredObject> Owners(StoredObject dependent)
    {
        var body = dependent.ToJsonObject();
        if (body["metadata"]?["ownerReferences"] is not JsonArray refs) yield break;
        foreach (var reference in refs.OfType<JsonObject>())
        {
            var apiVersion = ObjectWriter.Str(reference["apiVersion"]);
            var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
            var type = _api.Registry.Current.FindKind(group, ObjectWriter.Str(reference["kind"]));
            if (type is null) continue;
            var owner = _api.Store.Get(type.GroupResource, type.Namespaced ? dependent.Namespace : "", ObjectWriter.Str(reference["name"]));
            if (owner is not null && owner.Uid == ObjectWriter.Str(reference["uid"])) yield return owner;
        }
    }
}
