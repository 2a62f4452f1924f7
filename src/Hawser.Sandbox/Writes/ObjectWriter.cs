using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Storage;

namespace Hawser.Sandbox.Writes;

/// <summary>
/// The API write path shared by POST, PUT, PATCH and the controllers: identity (uid, creationTimestamp, generateName),
/// decoding checks (<see cref="DecodeChecks"/>), validation (names, unknown fields, <see cref="KindValidation"/>, namespaces
/// that must exist and not be terminating), the initial status of new objects, generation bumps on spec changes,
/// status kept apart from the main resource, no-op writes skipped (no resourceVersion bump), dry run, and finalization
/// (an object whose last finalizer is removed while it is being deleted goes away).
/// </summary>
internal sealed class ObjectWriter
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private static readonly GroupResource Namespaces = new("", "namespaces");
    private static readonly GroupResource Crds = new("apiextensions.k8s.io", "customresourcedefinitions");

    private readonly IObjectStore _store;
    private readonly ResourceRegistry _registry;
    private readonly TimeProvider _time;

    public ObjectWriter(IObjectStore store, ResourceRegistry registry, TimeProvider time)
    {
        _store = store;
        _registry = registry;
        _time = time;
    }

    public IObjectStore Store => _store;

    /// <summary>The current time in the RFC 3339 form metadata uses.</summary>
    public string Now() => Timestamp(_time.GetUtcNow());

    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Creates an object (POST, or SSA on a missing object). <paramref name="ns"/> is the namespace from the URL.</summary>
    public WriteResult Create(ResourceType type, string? ns, JsonObject body, WriteRequest request, Action<JsonObject>? beforeStore = null)
    {
        CheckKind(type, body);
        DecodeChecks.Check(type, body);
        var metadata = Metadata(body);
        var warnings = FieldValidation.Check(type, body, request.Validation);
        NormalizeNamespace(type, ns, metadata);
        var name = Str(metadata["name"]);
        if (name.Length == 0 && Str(metadata["generateName"]) is { Length: > 0 } prefix)
        {
            name = prefix + RandomSuffix();
            metadata["name"] = name;
        }
        Validate(type, body, name, live: null);
        var objectNs = Str(metadata["namespace"]);
        if (type.Namespaced) RequireLiveNamespace(objectNs);

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Now();
        metadata.Remove("resourceVersion");
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata.Remove("selfLink");
        if (type.HasGeneration) metadata["generation"] = 1;
        else metadata.Remove("generation");
        if (type.HasStatus) InitialStatus.Set(type, body);
        PrepareKind(type, body, live: null);
        body["apiVersion"] = type.StorageApiVersion;
        beforeStore?.Invoke(body);

        if (request.DryRun) return new WriteResult(201, Present(type, body), warnings);
        var stored = _store.Create(type.GroupResource, body);
        AfterWrite(type);
        return new WriteResult(201, Present(type, stored.ToJsonObject()), warnings);
    }

    /// <summary>
    /// Replaces <paramref name="live"/> with <paramref name="candidate"/> (PUT, or the result of a PATCH). With
    /// <paramref name="statusOnly"/> only <c>status</c> is taken from the candidate; otherwise status is kept from live for kinds
    /// with a status subresource. A <c>metadata.resourceVersion</c> in the candidate is a precondition.
    /// </summary>
    public WriteResult Update(ResourceType type, StoredObject live, JsonObject candidate, bool statusOnly, WriteRequest request, Action<JsonObject?, JsonObject>? beforeStore = null)
    {
        CheckKind(type, candidate);
        DecodeChecks.Check(type, candidate);
        var warnings = FieldValidation.Check(type, candidate, request.Validation);
        var liveBody = live.ToJsonObject();
        var metadata = Metadata(candidate);
        var name = Str(metadata["name"]);
        if (name.Length > 0 && name != live.Name)
            throw ApiException.BadRequest($"the name of the object ({name}) does not match the name on the URL ({live.Name})");
        if (Str(metadata["namespace"]) is { Length: > 0 } candidateNs && candidateNs != live.Namespace)
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        var precondition = Str(metadata["resourceVersion"]);
        if (precondition.Length > 0 && precondition != live.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            throw ApiException.Conflict(type.GroupResource, live.Name);

        JsonObject next;
        if (statusOnly)
        {
            next = liveBody.DeepClone().AsObject();
            if (candidate["status"] is { } status) next["status"] = status.DeepClone();
            else next.Remove("status");
        }
        else
        {
            next = candidate;
            if (type.HasStatus)
            {
                if (liveBody["status"] is { } liveStatus) next["status"] = liveStatus.DeepClone();
                else next.Remove("status");
            }
        }

        var nextMetadata = Metadata(next);
        var liveMetadata = Metadata(liveBody);
        nextMetadata["name"] = live.Name;
        if (type.Namespaced) nextMetadata["namespace"] = live.Namespace;
        else nextMetadata.Remove("namespace");
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds" })
        {
            if (liveMetadata[field] is { } value) nextMetadata[field] = value.DeepClone();
            else nextMetadata.Remove(field);
        }
        nextMetadata.Remove("selfLink");
        if (nextMetadata["managedFields"] is null && liveMetadata["managedFields"] is { } managed) nextMetadata["managedFields"] = managed.DeepClone();
        next["apiVersion"] = type.StorageApiVersion;
        PrepareKind(type, next, liveBody);
        if (type.HasGeneration)
        {
            var generation = liveMetadata["generation"] is JsonValue g && g.TryGetValue<long>(out var n) ? n : 1;
            nextMetadata["generation"] = SpecChanged(liveBody, next) ? generation + 1 : generation;
        }
        else nextMetadata.Remove("generation");
        Validate(type, next, live.Name, liveBody);
        beforeStore?.Invoke(liveBody, next);

        if (Unchanged(liveBody, next)) return new WriteResult(200, Present(type, liveBody), warnings);
        nextMetadata["resourceVersion"] = live.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        if (request.DryRun) return new WriteResult(200, Present(type, next), warnings);

        if (nextMetadata["deletionTimestamp"] is not null && (nextMetadata["finalizers"] as JsonArray) is null or { Count: 0 } && !IsNamespace(type))
        {
            var gone = _store.Delete(type.GroupResource, live.Namespace, live.Name, live.ResourceVersion) ?? throw ApiException.NotFound(type.GroupResource, live.Name);
            AfterWrite(type);
            return new WriteResult(200, Present(type, gone.ToJsonObject()), warnings);
        }
        var stored = _store.Update(type.GroupResource, next, live.ResourceVersion);
        AfterWrite(type);
        return new WriteResult(200, Present(type, stored.ToJsonObject()), warnings);
    }

    /// <summary>Sets the served apiVersion on an object read from the store.</summary>
    public static JsonObject Present(ResourceType type, JsonObject body)
    {
        if (type.StorageApiVersion != type.ApiVersion) body["apiVersion"] = type.ApiVersion;
        return body;
    }

    /// <summary>Rebuilds the registry when CRDs change, so discovery and OpenAPI follow at once.</summary>
    public void AfterWrite(ResourceType type)
    {
        if (type.GroupResource == Crds) RefreshCrds();
    }

    /// <summary>Rebuilds the registry from the stored CRDs.</summary>
    public void RefreshCrds() =>
        _registry.Rebuild(_store.List(Crds, null).Items.Where(c => !c.IsTerminating).Select(c => c.ToJsonObject()));

    /// <summary>404 when the namespace is missing, 403 when it is terminating.</summary>
    public void RequireLiveNamespace(string ns)
    {
        var live = _store.Get(Namespaces, "", ns) ?? throw ApiException.NotFound(Namespaces, ns);
        if (live.IsTerminating)
            throw ApiException.Forbidden(Namespaces, ns, $"unable to create new content in namespace {ns} because it is being terminated");
    }

    private static bool IsNamespace(ResourceType type) => type.GroupResource == Namespaces;

    private static void Validate(ResourceType type, JsonObject body, string name, JsonObject? live)
    {
        var causes = NameValidation.Validate(type, name);
        causes.AddRange(KindValidation.Validate(type, body, live));
        if (type.GroupResource == Crds && causes.Count == 0 && body["spec"] is JsonObject spec)
        {
            var expected = $"{Str(spec["names"]?["plural"])}.{Str(spec["group"])}";
            if (expected != name)
                causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group", "metadata.name"));
            if (CrdResources.From(body).Count == 0)
                causes.Add(new StatusCause("FieldValueRequired", "Required value: group, names.plural, names.kind and one served, storage version are required", "spec"));
        }
        if (causes.Count > 0) throw ApiException.Invalid(type.Kind, type.Group, name, causes);
    }

    private static void CheckKind(ResourceType type, JsonObject body)
    {
        var kind = Str(body["kind"]);
        var apiVersion = Str(body["apiVersion"]);
        if (kind.Length == 0) body["kind"] = type.Kind;
        else if (kind != type.Kind)
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        if (apiVersion.Length == 0) body["apiVersion"] = type.ApiVersion;
        else if (apiVersion != type.ApiVersion && apiVersion != type.StorageApiVersion)
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
    }

    private static void NormalizeNamespace(ResourceType type, string? ns, JsonObject metadata)
    {
        var bodyNs = Str(metadata["namespace"]);
        if (!type.Namespaced)
        {
            metadata.Remove("namespace");
            return;
        }
        if (string.IsNullOrEmpty(ns)) throw ApiException.NotFoundPath();
        if (bodyNs.Length > 0 && bodyNs != ns)
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        metadata["namespace"] = ns;
    }

    /// <summary>Kind-specific defaults: Namespace phase and finalizer, Secret stringData folded into data.</summary>
    private static void PrepareKind(ResourceType type, JsonObject body, JsonObject? live)
    {
        Defaults.Apply(type, body);
        if (IsNamespace(type))
        {
            var spec = body["spec"] as JsonObject ?? new JsonObject();
            body["spec"] = spec;
            if (spec["finalizers"] is null) spec["finalizers"] = new JsonArray("kubernetes");
            if (live is null) body["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (type.Group.Length == 0 && type.Kind == "Secret" && body["stringData"] is JsonObject stringData)
        {
            var data = body["data"] as JsonObject ?? new JsonObject();
            body["data"] = data;
            foreach (var (key, value) in stringData) data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Str(value)));
            body.Remove("stringData");
        }
        if (type.Group.Length == 0 && type.Kind == "Secret" && body["type"] is null) body["type"] = "Opaque";
    }

    private static bool SpecChanged(JsonObject live, JsonObject next)
    {
        foreach (var (key, value) in next)
        {
            if (key is "metadata" or "status" or "apiVersion" or "kind") continue;
            if (!JsonNode.DeepEquals(value, live[key])) return true;
        }
        foreach (var (key, _) in live)
        {
            if (key is "metadata" or "status" or "apiVersion" or "kind") continue;
            if (!next.ContainsKey(key)) return true;
        }
        return false;
    }

    /// <summary>True when nothing but resourceVersion and managed-field timestamps would change.</summary>
    private static bool Unchanged(JsonObject live, JsonObject next)
    {
        var a = Comparable(live);
        var b = Comparable(next);
        return JsonNode.DeepEquals(a, b);
    }

    private static JsonObject Comparable(JsonObject body)
    {
        var copy = body.DeepClone().AsObject();
        if (copy["metadata"] is JsonObject m)
        {
            m.Remove("resourceVersion");
            if (m["managedFields"] is JsonArray fields)
            {
                foreach (var entry in fields.OfType<JsonObject>()) entry.Remove("time");
            }
        }
        return copy;
    }

    private static JsonObject Metadata(JsonObject body)
    {
        if (body["metadata"] is JsonObject m) return m;
        if (body["metadata"] is not null) throw ApiException.BadRequest("metadata must be an object");
        m = new JsonObject();
        body["metadata"] = m;
        return m;
    }

    private static string RandomSuffix()
    {
        var chars = new char[5];
        for (var i = 0; i < chars.Length; i++) chars[i] = NameAlphabet[RandomNumberGenerator.GetInt32(NameAlphabet.Length)];
        return new string(chars);
    }

    internal static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
