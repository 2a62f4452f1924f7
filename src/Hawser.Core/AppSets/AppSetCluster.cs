namespace Hawser.AppSets;

/// <summary>
/// A cluster the <c>clusters</c> generator can target, as an Argo CD cluster Secret declares it: its name, API server URL,
/// the Secret's labels and annotations (what <c>selector</c> matches), and the optional project.
/// </summary>
public sealed record AppSetCluster(
    string Name,
    string Server,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    string Project = "")
{
    /// <summary>Argo CD's in-cluster cluster: the one Hawser runs in, generated even without a Secret (unless a selector is used).</summary>
    public static AppSetCluster InCluster { get; } = new(Apps.ClusterConnector.InClusterName, Apps.ClusterConnector.InClusterServer,
        new Dictionary<string, string>(), new Dictionary<string, string>());

    /// <summary>The clusters of Argo CD cluster Secrets read from the settings.</summary>
    public static IReadOnlyList<AppSetCluster> From(Settings.ClusterCatalog catalog) =>
        catalog.Clusters.Select(c => new AppSetCluster(c.Name, c.Server, c.Labels, c.Annotations, c.Project ?? "")).ToList();

    /// <summary>True when this cluster is the in-cluster address.</summary>
    public bool IsInCluster => string.Equals(Server.TrimEnd('/'), Apps.ClusterConnector.InClusterServer, StringComparison.OrdinalIgnoreCase);
}
