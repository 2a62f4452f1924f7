using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Sandbox.Api;

/// <summary>A resource as the store keys it: API group and plural resource name, independent of the version served.</summary>
internal readonly record struct GroupResource(string Group, string Resource)
{
    /// <summary><c>configmaps</c> for the core group, <c>deployments.apps</c> otherwise: the form used in Status messages.</summary>
    public override string ToString() => Group.Length == 0 ? Resource : $"{Resource}.{Group}";
}

/// <summary>A printer column of a Table (built-in or a CRD's <c>additionalPrinterColumns</c>).</summary>
internal sealed record PrinterColumn(string Name, string Type, string JsonPath, int Priority = 0, string Format = "");

/// <summary>
/// One served resource at one version: what discovery advertises and what the request path resolves to.
/// Built-in kinds come from <see cref="BuiltInResources"/>; custom resources are built from CRDs by <see cref="CrdResources"/>.
/// </summary>
internal sealed record ResourceType
{
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Resource { get; init; }
    public required string Singular { get; init; }
    public required string Kind { get; init; }
    public required bool Namespaced { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Verbs { get; init; } = StandardVerbs;
    public bool HasStatus { get; init; }
    public bool IsCustom { get; init; }

    /// <summary>The <c>/scale</c> subresource, when the kind has one.</summary>
    public ScaleSubresource? Scale { get; init; }

    /// <summary>
    /// A create-only kind answered from the request and the caller, never stored, listed or watched (SelfSubjectAccessReview,
    /// SelfSubjectRulesReview, SelfSubjectReview).
    /// </summary>
    public bool IsReview { get; init; }

    /// <summary>The <c>/token</c> subresource (TokenRequest) of ServiceAccounts.</summary>
    public bool HasTokenRequest { get; init; }

    /// <summary>True when metadata.generation is maintained (kinds with a spec and a status, and every custom resource).</summary>
    public bool HasGeneration { get; init; }

    /// <summary>Printer columns from a CRD; null for built-ins (their columns live in <see cref="Tables.BuiltInColumns"/>).</summary>
    public IReadOnlyList<PrinterColumn>? PrinterColumns { get; init; }

    /// <summary>The CRD's <c>openAPIV3Schema</c> for this version, when it has one.</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>Top-level fields besides apiVersion/kind/metadata; null means "anything" (schemaless custom resources).</summary>
    public IReadOnlySet<string>? TopLevelFields { get; init; }

    /// <summary>The version objects are stored at (for CRDs, the storage version; built-ins have one version).</summary>
    public string StorageVersion { get; init; } = "";

    public static readonly IReadOnlyList<string> StandardVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public GroupResource GroupResource => new(Group, Resource);
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    public string StorageApiVersion => Group.Length == 0 ? StorageVersionOrVersion : $"{Group}/{StorageVersionOrVersion}";
    public string ListKind => Kind + "List";
    public GroupVersionKind GroupVersionKind => new(Group, Version, Kind);
    private string StorageVersionOrVersion => StorageVersion.Length == 0 ? Version : StorageVersion;

    /// <summary>The collection path, e.g. <c>/apis/apps/v1/namespaces/{ns}/deployments</c>.</summary>
    public string CollectionPath(string? ns)
    {
        var root = Group.Length == 0 ? "/api/v1" : $"/apis/{Group}/{Version}";
        return Namespaced && !string.IsNullOrEmpty(ns) ? $"{root}/namespaces/{ns}/{Resource}" : $"{root}/{Resource}";
    }
}

/// <summary>
/// Where a kind keeps what its <c>/scale</c> subresource (autoscaling/v1 Scale) shows: desired replicas, observed replicas and
/// the pod selector. Paths are a CRD's <c>subresources.scale</c> JSON paths (<c>.spec.replicas</c>); for built-in kinds the
/// selector is the <c>spec.selector</c> LabelSelector, for custom resources an optional string field.
/// </summary>
internal sealed record ScaleSubresource(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath, bool SelectorIsLabelSelector)
{
    /// <summary>Deployments, StatefulSets and ReplicaSets.</summary>
    public static readonly ScaleSubresource Workload = new(".spec.replicas", ".status.replicas", ".spec.selector", SelectorIsLabelSelector: true);
}
