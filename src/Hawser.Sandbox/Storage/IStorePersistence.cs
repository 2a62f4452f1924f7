using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Storage;

/// <summary>Durable storage behind <see cref="ObjectStore"/>; called inside the store's lock, in resourceVersion order.</summary>
internal interface IStorePersistence : IDisposable
{
    /// <summary>Every stored object and the last resourceVersion written.</summary>
    (IReadOnlyList<StoredObject> Objects, long ResourceVersion) Load();

    void Save(StoredObject obj);

    void Remove(GroupResource resource, string ns, string name, long resourceVersion);
}
