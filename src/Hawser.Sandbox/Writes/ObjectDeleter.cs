using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Storage;

namespace Hawser.Sandbox.Writes;

/// <summary>
/// DELETE semantics. An object without finalizers goes at once (its dependents are then collected in the background by
/// <see cref="Controllers.GarbageCollector"/>). An object with finalizers, or deleted with <c>Foreground</c> while it has
/// dependents (finalizer <c>foregroundDeletion</c>), gets a <c>deletionTimestamp</c> and stays until its finalizers are
/// removed. <c>Orphan</c> strips the owner reference from dependents first. A namespace turns <c>Terminating</c> and is
/// emptied, then removed, by <see cref="Controllers.NamespaceLifecycle"/>.
/// </summary>
internal sealed class ObjectDeleter
{
    public const string ForegroundFinalizer = "foregroundDeletion";
    private static readonly HashSet<string> ProtectedNamespaces = ["default", "kube-system", "kube-public"];

    private readonly ObjectWriter _writer;

    public ObjectDeleter(ObjectWriter writer) => _writer = writer;

    /// <summary>The result: 200 with the object (still present, or its last state), or the live object for a dry run.</summary>
    public WriteResult Delete(ResourceType type, string ns, string name, DeleteRequest request)
    {
        var store = _writer.Store;
        var live = store.Get(type.GroupResource, ns, name) ?? throw ApiException.NotFound(type.GroupResource, name);
        if (request.PreconditionUid is { Length: > 0 } uid && uid != live.Uid)
            throw new ApiException(409, "Conflict", $"Precondition failed: UID in precondition: {uid}, UID in object meta: {live.Uid}", name, type.Group, type.Resource);
        if (request.PreconditionResourceVersion is { Length: > 0 } rv && rv != live.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw new ApiException(409, "Conflict", $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {live.ResourceVersion}", name, type.Group, type.Resource);

        var body = live.ToJsonObject();
        if (request.DryRun) return new WriteResult(200, ObjectWriter.Present(type, body), []);

        if (type.Group.Length == 0 && type.Resource == "namespaces")
        {
            if (ProtectedNamespaces.Contains(name))
                throw ApiException.Forbidden(type.GroupResource, name, $"namespaces \"{name}\" is forbidden: this namespace may not be deleted");
            if (live.IsTerminating) return new WriteResult(200, body, []);
            var metadata = (JsonObject)body["metadata"]!;
            metadata["deletionTimestamp"] = _writer.Now();
            metadata["deletionGracePeriodSeconds"] = 0;
            body["status"] = new JsonObject { ["phase"] = "Terminating" };
            var stored = store.Update(type.GroupResource, body, live.ResourceVersion);
            return new WriteResult(200, stored.ToJsonObject(), []);
        }

        var dependents = store.ListDependents(live.Uid);
        if (request.Propagation == Propagation.Orphan) Orphan(dependents, live.Uid);

        var finalizers = live.Finalizers.ToList();
        if (request.Propagation == Propagation.Foreground && dependents.Count > 0 && !finalizers.Contains(ForegroundFinalizer))
            finalizers.Add(ForegroundFinalizer);

        if (finalizers.Count == 0)
        {
            var gone = store.Delete(type.GroupResource, ns, name, null) ?? throw ApiException.NotFound(type.GroupResource, name);
            _writer.AfterWrite(type);
            return new WriteResult(200, ObjectWriter.Present(type, gone.ToJsonObject()), []);
        }

        if (live.IsTerminating && finalizers.Count == live.Finalizers.Count) return new WriteResult(200, ObjectWriter.Present(type, body), []);
        var meta = (JsonObject)body["metadata"]!;
        meta["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        if (meta["deletionTimestamp"] is null)
        {
            meta["deletionTimestamp"] = _writer.Now();
            meta["deletionGracePeriodSeconds"] = 0;
        }
        var pending = store.Update(type.GroupResource, body, live.ResourceVersion);
        _writer.AfterWrite(type);
        return new WriteResult(200, ObjectWriter.Present(type, pending.ToJsonObject()), []);
    }

    private void Orphan(IReadOnlyList<StoredObject> dependents, string ownerUid)
    {
        foreach (var dependent in dependents)
        {
            var body = dependent.ToJsonObject();
            if (body["metadata"]?["ownerReferences"] is not JsonArray owners) continue;
            foreach (var owner in owners.OfType<JsonObject>().Where(o => ObjectWriter.Str(o["uid"]) == ownerUid).ToList()) owners.Remove(owner);
            if (owners.Count == 0) ((JsonObject)body["metadata"]!).Remove("ownerReferences");
            _writer.Store.Update(dependent.Resource, body, dependent.ResourceVersion);
        }
    }
}
