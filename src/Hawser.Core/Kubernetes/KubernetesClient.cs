using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Hawser.Manifests;
using Microsoft.Extensions.Logging;

namespace Hawser.Kubernetes;

/// <summary>
/// The <see cref="IKubernetesClient"/> for one cluster. Each method is one REST call through the shared
/// <see cref="KubernetesTransport"/> (rate limit, retries, typed errors); kinds resolve through the cached <see cref="RestMapper"/>.
/// A namespaced object without a namespace goes to the context's default namespace, as with kubectl.
/// </summary>
internal sealed class KubernetesClient : IKubernetesClient, IDisposable
{
    private const string ApiExtensionsGroup = "apiextensions.k8s.io";
    private readonly KubernetesTransport _transport;
    private readonly RestMapper _mapper;
    private readonly WatchStreams _watches;
    private readonly KubernetesClientOptions _options;
    private volatile string? _gitVersion;

    public KubernetesClient(ClusterSettings settings, KubernetesClientOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _transport = new KubernetesTransport(settings, options, time, logger);
        _mapper = new RestMapper(new ApiDiscovery(_transport, logger), logger);
        _watches = new WatchStreams(_transport, new RetryPolicy(options), time, logger);
        DefaultNamespace = settings.Namespace;
    }

    public string DefaultNamespace { get; }

    internal KubernetesTransport Transport => _transport;

    public Task<ResourceMapping> GetMappingAsync(GroupVersionKind kind, CancellationToken cancellationToken) =>
        _mapper.GetAsync(kind, cancellationToken);

    /// <summary>Every resource type the cluster serves (cached discovery).</summary>
    public Task<IReadOnlyList<ResourceMapping>> GetMappingsAsync(CancellationToken cancellationToken) => _mapper.AllAsync(cancellationToken);

    public void InvalidateDiscovery() => _mapper.Invalidate();

    public async Task<ServerCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken)
    {
        var gitVersion = _gitVersion;
        if (gitVersion is null)
        {
            using var response = await _transport.SendAsync(new ApiRequest(HttpMethod.Get, "/version", RetryMode.Idempotent, "") { NotFoundIsNull = true }, cancellationToken);
            gitVersion = response is null ? "" : Str((await JsonBodies.ReadObjectAsync(response, cancellationToken))["gitVersion"]);
            _gitVersion = gitVersion;
        }
        return ServerCapabilities.From(gitVersion, await _mapper.AllAsync(cancellationToken));
    }

    public async Task<KubeObject?> GetAsync(GroupVersionKind kind, string @namespace, string name, CancellationToken cancellationToken)
    {
        var mapping = await _mapper.GetAsync(kind, cancellationToken);
        var ns = NamespaceFor(mapping, @namespace);
        var request = new ApiRequest(HttpMethod.Get, ResourcePaths.Item(mapping, ns, name), RetryMode.Idempotent, ResourcePaths.Involved(kind, ns, name)) { NotFoundIsNull = true };
        using var response = await _transport.SendAsync(request, cancellationToken);
        return response is null ? null : JsonBodies.ToObject(await JsonBodies.ReadObjectAsync(response, cancellationToken), kind);
    }

    public async Task<KubeObjectList> ListAsync(GroupVersionKind kind, ListOptions options, CancellationToken cancellationToken)
    {
        var mapping = await _mapper.GetAsync(kind, cancellationToken);
        var pageSize = options.PageSize > 0 ? options.PageSize : _options.ListPageSize;
        try
        {
            return await ListPagesAsync(mapping, options, pageSize, cancellationToken);
        }
        catch (GoneException) when (pageSize > 0)
        {
            // The continue token expired between pages (the server compacted): list again in one request, as client-go's pager does.
            return await ListPagesAsync(mapping, options, 0, cancellationToken);
        }
    }

    private async Task<KubeObjectList> ListPagesAsync(ResourceMapping mapping, ListOptions options, int pageSize, CancellationToken cancellationToken)
    {
        var items = new List<KubeObject>();
        var path = ResourcePaths.Collection(mapping, mapping.Namespaced ? options.Namespace : "");
        string? continueToken = null;
        var resourceVersion = "";
        do
        {
            var query = new Query()
                .Add("labelSelector", options.LabelSelector)
                .Add("fieldSelector", options.FieldSelector)
                .Add("limit", pageSize > 0 ? pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture) : null)
                .Add("continue", continueToken);
            using var response = await _transport.SendAsync(new ApiRequest(HttpMethod.Get, path + query, RetryMode.Idempotent, ""), cancellationToken);
            var page = await JsonBodies.ReadObjectAsync(response!, cancellationToken);
            var metadata = page["metadata"] as JsonObject;
            continueToken = Str(metadata?["continue"]);
            resourceVersion = Str(metadata?["resourceVersion"]);
            if (page["items"] is JsonArray array)
            {
                var bodies = array.OfType<JsonObject>().ToList();
                array.Clear();
                foreach (var body in bodies) items.Add(JsonBodies.ToObject(body, mapping.Kind));
            }
        }
        while (!string.IsNullOrEmpty(continueToken));
        return new KubeObjectList(items, resourceVersion);
    }

    public async Task<KubeObject> CreateAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken)
    {
        var (mapping, ns) = await ResolveAsync(obj, cancellationToken);
        var query = new Query().Add("fieldManager", options.FieldManager).DryRun(options.DryRun);
        // A fixed name makes the create safe to repeat; a generateName create never is (each attempt would make an object).
        var mode = obj.Name.Length > 0 ? RetryMode.NamedCreate : RetryMode.NotIdempotent;
        var request = new ApiRequest(HttpMethod.Post, ResourcePaths.Collection(mapping, ns) + query, mode, Involved(obj, ns))
        {
            Body = JsonBodies.Serialize(obj.Body),
            Sent = obj,
        };
        try
        {
            return await WriteAsync(request, mapping, options.DryRun, cancellationToken);
        }
        catch (AlreadyExistsException e) when (e.EarlierAttemptMayHaveActed && !options.DryRun)
        {
            // The first attempt's answer was lost: the object found is ours when it carries everything this create sent.
            var live = await GetAsync(obj.GroupVersionKind, ns, obj.Name, cancellationToken);
            if (live is not null && CarriesMetadataOf(live, obj)) return live;
            throw;
        }
    }

    private static bool CarriesMetadataOf(KubeObject live, KubeObject sent)
    {
        foreach (var field in new[] { "labels", "annotations" })
        {
            if (sent.Body["metadata"]?[field] is not JsonObject wanted) continue;
            var actual = live.Body["metadata"]?[field] as JsonObject;
            foreach (var (key, value) in wanted)
            {
                if (actual is null || Str(actual[key]) != Str(value)) return false;
            }
        }
        return true;
    }

    public Task<KubeObject> UpdateAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) =>
        PutAsync(obj, null, options, cancellationToken);

    public Task<KubeObject> UpdateStatusAsync(KubeObject obj, WriteOptions options, CancellationToken cancellationToken) =>
        PutAsync(obj, "status", options, cancellationToken);

    private async Task<KubeObject> PutAsync(KubeObject obj, string? subresource, WriteOptions options, CancellationToken cancellationToken)
    {
        var (mapping, ns) = await ResolveAsync(obj, cancellationToken);
        var query = new Query().Add("fieldManager", options.FieldManager).DryRun(options.DryRun);
        var request = new ApiRequest(HttpMethod.Put, ResourcePaths.Item(mapping, ns, RequireName(obj, ns), subresource) + query, RetryMode.Idempotent, Involved(obj, ns))
        {
            Body = JsonBodies.Serialize(obj.Body),
            Sent = obj,
        };
        return await WriteAsync(request, mapping, options.DryRun, cancellationToken);
    }

    public async Task<KubeObject> ApplyAsync(KubeObject obj, ApplyOptions options, CancellationToken cancellationToken)
    {
        var (mapping, ns) = await ResolveAsync(obj, cancellationToken);
        var query = new Query().Add("fieldManager", options.FieldManager).Add("force", options.Force).DryRun(options.DryRun);
        // JSON is YAML: the apply body is sent as JSON under the apply-patch+yaml media type, as client-go does.
        var request = new ApiRequest(HttpMethod.Patch, ResourcePaths.Item(mapping, ns, RequireName(obj, ns)) + query, RetryMode.Idempotent, Involved(obj, ns))
        {
            Body = JsonBodies.Serialize(obj.Body),
            ContentType = "application/apply-patch+yaml",
            Sent = obj,
        };
        return await WriteAsync(request, mapping, options.DryRun, cancellationToken);
    }

    public async Task<KubeObject> PatchAsync(GroupVersionKind kind, string @namespace, string name, PatchType type, string patch, WriteOptions options, CancellationToken cancellationToken)
    {
        var mapping = await _mapper.GetAsync(kind, cancellationToken);
        var ns = NamespaceFor(mapping, @namespace);
        var query = new Query().Add("fieldManager", options.FieldManager).DryRun(options.DryRun);
        var request = new ApiRequest(HttpMethod.Patch, ResourcePaths.Item(mapping, ns, name) + query, type == PatchType.Merge ? RetryMode.Idempotent : RetryMode.NotIdempotent, ResourcePaths.Involved(kind, ns, name))
        {
            Body = System.Text.Encoding.UTF8.GetBytes(patch),
            ContentType = type switch
            {
                PatchType.Merge => "application/merge-patch+json",
                PatchType.Json => "application/json-patch+json",
                _ => "application/strategic-merge-patch+json",
            },
        };
        return await WriteAsync(request, mapping, options.DryRun, cancellationToken);
    }

    public async Task<bool> DeleteAsync(GroupVersionKind kind, string @namespace, string name, DeleteOptions options, CancellationToken cancellationToken)
    {
        var mapping = await _mapper.GetAsync(kind, cancellationToken);
        var ns = NamespaceFor(mapping, @namespace);
        var request = new ApiRequest(HttpMethod.Delete, ResourcePaths.Item(mapping, ns, name) + new Query().DryRun(options.DryRun), RetryMode.Idempotent, ResourcePaths.Involved(kind, ns, name))
        {
            Body = JsonBodies.DeleteOptions(options),
            NotFoundIsNull = true,
        };
        using var response = await _transport.SendAsync(request, cancellationToken);
        if (response is not null && !options.DryRun) AfterWrite(mapping);
        return response is not null;
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(GroupVersionKind kind, WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var mapping = await _mapper.GetAsync(kind, cancellationToken);
        await foreach (var e in _watches.WatchAsync(mapping, options, cancellationToken)) yield return e;
    }

    public void Dispose() => _transport.Dispose();

    private async Task<KubeObject> WriteAsync(ApiRequest request, ResourceMapping mapping, bool dryRun, CancellationToken cancellationToken)
    {
        using var response = await _transport.SendAsync(request, cancellationToken);
        var result = JsonBodies.ToObject(await JsonBodies.ReadObjectAsync(response!, cancellationToken), mapping.Kind);
        if (!dryRun) AfterWrite(mapping);
        return result;
    }

    // A changed CRD changes what the cluster serves: forget discovery so the next miss (or hit) sees it.
    private void AfterWrite(ResourceMapping mapping)
    {
        if (mapping.Kind.Group == ApiExtensionsGroup && mapping.Kind.Kind == "CustomResourceDefinition") _mapper.Invalidate();
    }

    private async Task<(ResourceMapping Mapping, string Namespace)> ResolveAsync(KubeObject obj, CancellationToken cancellationToken)
    {
        if (obj.ApiVersion.Length == 0 || obj.Kind.Length == 0)
            throw new ArgumentException($"{obj.Key}: the object has no apiVersion or kind", nameof(obj));
        var mapping = await _mapper.GetAsync(obj.GroupVersionKind, cancellationToken);
        return (mapping, NamespaceFor(mapping, obj.Namespace));
    }

    private string NamespaceFor(ResourceMapping mapping, string @namespace) =>
        !mapping.Namespaced ? "" : @namespace.Length > 0 ? @namespace : DefaultNamespace;

    private static string Involved(KubeObject obj, string ns) =>
        new ResourceKey(obj.Group, obj.Kind, ns, obj.Name.Length > 0 ? obj.Name : obj.GenerateName).ToString();

    private static string RequireName(KubeObject obj, string ns) =>
        obj.Name.Length > 0 ? obj.Name : throw new ArgumentException($"{Involved(obj, ns)}: the object has no metadata.name", nameof(obj));

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
