using System.Net;
using Hawser.Kubernetes;
using Hawser.Manifests;

namespace Hawser.Observability;

/// <summary>
/// A cluster client that counts the requests made on behalf of an app (<see cref="KubernetesRequestScope"/>) as
/// <c>argocd_app_k8s_request_total</c>, by verb, kind, namespace and response code. It sits under the live-state cache, so
/// reads the cache answers are not requests and are not counted; requests outside an app's work (the cache's own list and
/// watch) are not counted either, as in Argo CD.
/// </summary>
public sealed class MeteredKubernetesClient(IKubernetesClient inner, string server, HawserMetrics metrics) : IKubernetesClient, IDisposable
{
    public Task<ResourceMapping> GetMappingAsync(GroupVersionKind kind, CancellationToken cancellationToken) => inner.GetMappingAsync(kind, cancellationToken);

    public void InvalidateDiscovery() => inner.InvalidateDiscovery();

    public Task<KubeObject?> GetAsync(GroupVersionKind kind, string @namespace, string name, CancellationToken cancellationToken) =>
        CountAsync("get", kind.Kind, @namespace, false, () => inner.GetAsync(kind, @namespace, name, cancellationToken));

    public Task<KubeObjectList> ListAsync(GroupVersionKind kind, ListOptions options, CancellationToken cancellationToken) =>
        CountAsync("list", kind.Kind, options.Namespace, false, () => inner.ListAsync(kind, options, cancellationToken));

    public Task<KubeObject> CreateAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) =>
        CountAsync("create", obj.Kind, obj.Namespace, options.DryRun, () => inner.CreateAsync(obj, options, cancellationToken));

    public Task<KubeObject> UpdateAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) =>
        CountAsync("update", obj.Kind, obj.Namespace, options.DryRun, () => inner.UpdateAsync(obj, options, cancellationToken));

    public Task<KubeObject> UpdateStatusAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) =>
        CountAsync("update", obj.Kind, obj.Namespace, options.DryRun, () => inner.UpdateStatusAsync(obj, options, cancellationToken));

    public Task<KubeObject> ApplyAsync(KubeObject obj, ApplyOptions options, CancellationToken cancellationToken) =>
        CountAsync("patch", obj.Kind, obj.Namespace, options.DryRun, () => inner.ApplyAsync(obj, options, cancellationToken));

    public Task<KubeObject> PatchAsync(GroupVersionKind kind, string @namespace, string name, PatchType type, string patch, WriteOptions options, CancellationToken cancellationToken) =>
        CountAsync("patch", kind.Kind, @namespace, options.DryRun, () => inner.PatchAsync(kind, @namespace, name, type, patch, options, cancellationToken));

    public Task<bool> DeleteAsync(GroupVersionKind kind, string @namespace, string name, DeleteOptions options, CancellationToken cancellationToken) =>
        CountAsync("delete", kind.Kind, @namespace, options.DryRun, () => inner.DeleteAsync(kind, @namespace, name, options, cancellationToken));

    public IAsyncEnumerable<WatchEvent> WatchAsync(GroupVersionKind kind, WatchOptions options, CancellationToken cancellationToken) =>
        inner.WatchAsync(kind, options, cancellationToken);

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private async Task<T> CountAsync<T>(string verb, string kind, string ns, bool dryRun, Func<Task<T>> send)
    {
        if (KubernetesRequestScope.Current is not { } app) return await send();
        var code = (int)HttpStatusCode.OK;
        try
        {
            return await send();
        }
        catch (KubernetesApiException e)
        {
            code = (int)e.Code;
            throw;
        }
        finally
        {
            metrics.KubernetesRequest(app, server, verb, kind, ns, code, dryRun);
        }
    }
}
