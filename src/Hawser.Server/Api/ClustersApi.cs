using System.Globalization;
using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.Auth;
using Hawser.Controller;
using Hawser.Manifests;
using Hawser.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hawser.Server.Api;

/// <summary>
/// <c>GET /api/v1/clusters</c> (<c>{"items": [...]}</c>) and <c>GET /api/v1/clusters/SERVER</c> (the server URL, escaped; a
/// cluster name is accepted too): <c>in-cluster</c> and every cluster Secret, with <c>server</c>, <c>name</c>,
/// <c>namespaces</c>, <c>project</c>, labels, annotations, <c>config.tlsClientConfig.insecure</c> (never a credential), the
/// number of apps deploying there and a <c>connectionState</c> from a discovery request made now (5 s at most).
/// RBAC: <c>clusters, get, SERVER</c>, or <c>PROJECT/SERVER</c> for a cluster scoped to a project.
/// </summary>
internal static class ClustersApi
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private static readonly GroupVersionKind NamespaceKind = new("", "v1", "Namespace");

    public static void Map(IEndpointRouteBuilder routes, ClusterConnector clusters, AppController controller, ApiAuth auth)
    {
        routes.MapGet("/api/v1/clusters", async (HttpContext context, CancellationToken ct) =>
        {
            var caller = ApiAuth.CallerOf(context);
            var visible = All(clusters).Where(c => auth.May(caller, RbacResources.Clusters, RbacActions.Get, ApiAuth.ScopedObject(c.Project, c.Server))).ToList();
            var items = await Task.WhenAll(visible.Select(c => ClusterAsync(c, clusters, controller, ct)));
            return ApiJson.Result(new JsonObject { ["metadata"] = new JsonObject(), ["items"] = new JsonArray(items.Select(i => (JsonNode?)i).ToArray()) });
        });

        routes.MapGet("/api/v1/clusters/{server}", async (string server, HttpContext context, CancellationToken ct) =>
        {
            var caller = ApiAuth.CallerOf(context);
            server = Uri.UnescapeDataString(server);
            var cluster = All(clusters).FirstOrDefault(c => ClusterSecret.SameServer(c.Server, server) || c.Name == server);
            var obj = cluster is null ? server : ApiAuth.ScopedObject(cluster.Project, cluster.Server);
            if (!auth.May(caller, RbacResources.Clusters, RbacActions.Get, obj)) return await auth.DenyAsync(context, RbacResources.Clusters, RbacActions.Get, obj);
            return cluster is null
                ? ApiErrors.Result(StatusCodes.Status404NotFound, $"cluster \"{server}\" not found")
                : ApiJson.Result(await ClusterAsync(cluster, clusters, controller, ct));
        });
    }

    private static List<ClusterSecret> All(ClusterConnector clusters)
    {
        var all = clusters.Catalog.Clusters.ToList();
        if (!all.Any(c => c.IsInCluster))
        {
            all.Insert(0, new ClusterSecret("", ClusterSecret.InClusterName, ClusterSecret.InClusterServer, [], true, null,
                new Dictionary<string, string>(), new Dictionary<string, string>(), ClusterConfig.Empty, "Hawser's own kubeconfig"));
        }
        return all;
    }

    private static async Task<JsonObject> ClusterAsync(ClusterSecret cluster, ClusterConnector clusters, AppController controller, CancellationToken ct)
    {
        var destination = new ApplicationDestination(cluster.Server, null, "");
        var apps = controller.Catalog.Entries.Values.Count(e => ClusterSecret.SameServer(clusters.ClusterServer(e.App.Application.Spec.Destination), cluster.Server));
        var attempted = DateTimeOffset.UtcNow;
        string status, message = "";
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ProbeTimeout);
            await clusters.Connect(destination).Client.GetMappingAsync(NamespaceKind, timeout.Token);
            status = "Successful";
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            status = "Failed";
            message = e is OperationCanceledException ? $"no answer within {ProbeTimeout.TotalSeconds} s" : e.Message;
        }
        var connection = new JsonObject { ["status"] = status, ["message"] = message, ["attemptedAt"] = attempted.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) };
        return new JsonObject
        {
            ["server"] = cluster.Server,
            ["name"] = cluster.Name,
            ["namespaces"] = new JsonArray(cluster.Namespaces.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
            ["clusterResources"] = cluster.ClusterResources,
            ["project"] = cluster.Project ?? "",
            ["labels"] = Map(cluster.Labels),
            ["annotations"] = Map(cluster.Annotations),
            ["config"] = new JsonObject { ["tlsClientConfig"] = new JsonObject { ["insecure"] = cluster.Config.Tls.Insecure } },
            ["connectionState"] = connection.DeepClone(),
            ["info"] = new JsonObject { ["applicationsCount"] = apps, ["connectionState"] = connection },
        };
    }

    private static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal)) json[key] = value;
        return json;
    }
}
