using Hawser.Sandbox.Api;
using Hawser.Sandbox.Storage;
using Hawser.Sandbox.Writes;

namespace Hawser.Sandbox.Controllers;

/// <summary>
/// Namespace termination: a namespace with a deletionTimestamp has everything in it deleted (finalizers honoured), and
/// is removed once it is empty and has no finalizers of its own left.
/// </summary>
internal sealed class NamespaceLifecycle
{
    private static readonly GroupResource Namespaces = new("", "namespaces");
    private readonly Http.ApiServices _api;

    public NamespaceLifecycle(Http.ApiServices api) => _api = api;

    public void OnEvent(WatchEvent e)
    {
        var obj = e.Object;
        if (obj.Resource == Namespaces)
        {
            if (e.Type != WatchEventType.Deleted && obj.IsTerminating) Drain(obj.Name);
            return;
        }
        if (e.Type == WatchEventType.Deleted || obj.IsTerminating)
        {
            if (obj.Namespace.Length > 0 && _api.Store.Get(Namespaces, "", obj.Namespace) is { IsTerminating: true }) Drain(obj.Namespace);
        }
    }

    /// <summary>Deletes what is left in the namespace; removes the namespace when nothing is.</summary>
    public void Drain(string ns)
    {
        var contents = _api.Store.ListNamespace(ns);
        foreach (var obj in contents.Where(o => !o.IsTerminating))
        {
            var type = _api.Registry.Current.Find(obj.Resource);
            if (type is null) continue;
            try
            {
                _api.Deleter.Delete(type, obj.Namespace, obj.Name, new DeleteRequest(false, Propagation.Background, null, null));
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Already gone.
            }
        }
        if (_api.Store.ListNamespace(ns).Count > 0) return;
        var live = _api.Store.Get(Namespaces, "", ns);
        if (live is null || !live.IsTerminating || live.Finalizers.Count > 0) return;
        _api.Store.Delete(Namespaces, "", ns, null);
    }
}
