using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Apps;

/// <summary>
/// An Argo CD <c>argoproj.io/v1alpha1</c> <c>Application</c> as declared in Git: what to render (<see cref="ApplicationSpec.Sources"/>),
/// where it goes (<see cref="ApplicationSpec.Destination"/>) and how to sync it (<see cref="ApplicationSpec.SyncPolicy"/>).
/// Read with <see cref="ApplicationReader"/>, which validates every field once so nothing downstream re-parses strings.
/// </summary>
/// <param name="Metadata">Name, namespace, labels, annotations and finalizers.</param>
/// <param name="Spec">The typed spec.</param>
/// <param name="Source">Where the Application was read from, when it came from a file.</param>
public sealed record Application(ObjectMetadata Metadata, ApplicationSpec Spec, SourceLocation? Source = null)
{
    /// <summary>The Application's name (unique per Hawser instance, as in Argo CD's namespace).</summary>
    public string Name => Metadata.Name;

    public override string ToString() => $"Application \"{Name}\"";
}

/// <summary>The metadata Hawser reads from an Argo CD object.</summary>
/// <param name="Name">metadata.name.</param>
/// <param name="Namespace">metadata.namespace (empty when not set).</param>
/// <param name="Labels">metadata.labels, ordinal key order.</param>
/// <param name="Annotations">metadata.annotations, ordinal key order.</param>
/// <param name="Finalizers">metadata.finalizers, e.g. <c>resources-finalizer.argocd.argoproj.io</c> (cascade delete).</param>
public sealed record ObjectMetadata(
    string Name,
    string Namespace,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<string> Finalizers)
{
    /// <summary>Argo CD's finalizer that asks for the app's resources to be deleted with the app (foreground or background variants included).</summary>
    public bool HasResourcesFinalizer => Finalizers.Any(f => f.StartsWith("resources-finalizer.argocd.argoproj.io", StringComparison.Ordinal));
}

/// <summary>An Application's spec.</summary>
/// <param name="Project">spec.project (an AppProject name; <c>default</c> in most repos).</param>
/// <param name="Sources">The sources to render, in order: spec.sources when set, else the single spec.source.</param>
/// <param name="IsMultiSource">True when the app declared spec.sources (sources with <c>ref</c> only provide value files).</param>
/// <param name="Destination">Where the objects go.</param>
/// <param name="SyncPolicy">How to sync; null when the app declares none (manual sync, no options).</param>
/// <param name="IgnoreDifferences">Fields to leave out of the comparison.</param>
/// <param name="RevisionHistoryLimit">How many past syncs to keep; null means Hawser's default (Argo CD's is 10).</param>
/// <param name="Info">Free-form name/value pairs shown to users.</param>
public sealed record ApplicationSpec(
    string Project,
    IReadOnlyList<ApplicationSource> Sources,
    bool IsMultiSource,
    ApplicationDestination Destination,
    SyncPolicy? SyncPolicy,
    IReadOnlyList<IgnoreDifference> IgnoreDifferences,
    int? RevisionHistoryLimit,
    IReadOnlyList<InfoItem> Info);

/// <summary>Where an Application's objects are applied: a cluster by API server URL or by name, and a default namespace.</summary>
/// <param name="Server">The cluster's API server URL (<c>https://kubernetes.default.svc</c> is the cluster Hawser runs in).</param>
/// <param name="Name">The cluster's name (from a cluster Secret). Exactly one of <paramref name="Server"/> and <paramref name="Name"/> is set.</param>
/// <param name="Namespace">The namespace given to namespaced objects that have none (and Helm's <c>--namespace</c>); empty when not set.</param>
public sealed record ApplicationDestination(string? Server, string? Name, string Namespace);

/// <summary>One name/value entry of spec.info.</summary>
public sealed record InfoItem(string Name, string Value);

/// <summary>
/// A field of live objects to ignore when comparing (spec.ignoreDifferences[]). An empty <see cref="Group"/> is the core group;
/// null <see cref="Name"/>/<see cref="Namespace"/> match any.
/// </summary>
public sealed record IgnoreDifference(
    string Group,
    string Kind,
    string? Name,
    string? Namespace,
    IReadOnlyList<string> JsonPointers,
    IReadOnlyList<string> JqPathExpressions,
    IReadOnlyList<string> ManagedFieldsManagers);
