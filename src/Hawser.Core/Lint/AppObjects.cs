using Hawser.Apps;
using Hawser.Manifests;

namespace Hawser.Lint;

/// <summary>One object an app would apply, with the namespace it would land in and the cluster it goes to.</summary>
/// <param name="App">The app.</param>
/// <param name="Object">The rendered object.</param>
/// <param name="Key">Its identity once applied: the namespace filled in (the destination's, else <c>default</c>), empty for cluster-scoped kinds.</param>
/// <param name="Cluster">The destination cluster (server URL, or <c>name:NAME</c>).</param>
/// <param name="NamespaceDefaulted">True when the object has no namespace and the app no destination namespace.</param>
internal sealed record AppObject(DiscoveredApp App, KubeObject Object, ResourceKey Key, string Cluster, bool NamespaceDefaulted)
{
    private const string InClusterServer = "https://kubernetes.default.svc";

    /// <summary>
    /// The objects every rendered app would apply: Argo CD objects (child registrations, never applied) and objects without a
    /// name (<c>generateName</c>) are left out.
    /// </summary>
    public static IEnumerable<AppObject> All(LintContext context)
    {
        foreach (var app in context.Apps.Where(a => a.Result is not null))
        {
            var destination = app.Application.Spec.Destination;
            var cluster = destination.Server is { Length: > 0 } server ? server.TrimEnd('/')
                : destination.Name == "in-cluster" ? InClusterServer : $"name:{destination.Name}";
            foreach (var obj in app.Result!.Objects)
            {
                if (ApplicationReader.IsArgoObject(obj) || obj.Name.Length == 0) continue;
                if (context.Scopes.IsClusterScoped(obj.Group, obj.Kind))
                {
                    yield return new AppObject(app, obj, obj.Key with { Namespace = "" }, cluster, false);
                    continue;
                }
                var ns = obj.Namespace.Length > 0 ? obj.Namespace : destination.Namespace;
                yield return new AppObject(app, obj, obj.Key with { Namespace = ns.Length > 0 ? ns : "default" }, cluster, ns.Length == 0);
            }
        }
    }
}
