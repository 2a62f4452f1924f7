using System.Globalization;
using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Sandbox.Tables;

/// <summary>A Table column: its definition and how to compute its cell from an object at a point in time.</summary>
internal sealed record TableColumn(string Name, string Type, int Priority, Func<JsonObject, DateTimeOffset, JsonNode?> Cell, string Format = "");

/// <summary>
/// The columns <c>kubectl get</c> shows for built-in kinds, as the real API server's printers compute them
/// (Deployment READY/UP-TO-DATE/AVAILABLE, Pod READY/STATUS/RESTARTS, Service TYPE/CLUSTER-IP/PORT(S)...).
/// Kinds not listed get NAME and AGE.
/// </summary>
internal static class BuiltInColumns
{
    private static readonly TableColumn Name = new("Name", "string", 0, (o, _) => Str(o, "metadata", "name"), "name");
    private static readonly TableColumn Age = new("Age", "string", 0, (o, now) => HumanDuration.Since(Str(o, "metadata", "creationTimestamp"), now));

    private static readonly Dictionary<GroupKind, IReadOnlyList<TableColumn>> ByKind = new()
    {
        [new("", "Namespace")] = [Name, Col("Status", (o, _) => Str(o, "status", "phase")), Age],
        [new("", "ConfigMap")] = [Name, Int("Data", o => Count(o, "data") + Count(o, "binaryData")), Age],
        [new("", "Secret")] = [Name, Col("Type", (o, _) => Str(o, "type") is { Length: > 0 } t ? t : "Opaque"), Int("Data", o => Count(o, "data")), Age],
        [new("", "ServiceAccount")] = [Name, Int("Secrets", o => (o["secrets"] as JsonArray)?.Count ?? 0), Age],
        [new("", "Service")] =
        [
            Name, Col("Type", (o, _) => Str(o, "spec", "type") is { Length: > 0 } t ? t : "ClusterIP"),
            Col("Cluster-IP", (o, _) => Str(o, "spec", "clusterIP") is { Length: > 0 } ip ? ip : "<none>"),
            Col("External-IP", (o, _) => ExternalIp(o)), Col("Port(s)", (o, _) => Ports(o)), Age,
            Col("Selector", (o, _) => Pairs(o["spec"]?["selector"] as JsonObject), priority: 1),
        ],
        [new("", "Endpoints")] = [Name, Col("Endpoints", (o, _) => Endpoints(o)), Age],
        [new("", "Pod")] =
        [
            Name,
            Col("Ready", (o, _) => F($"{Ready(o)}/{(o["spec"]?["containers"] as JsonArray)?.Count ?? 0}")),
            Col("Status", (o, _) => Str(o, "metadata", "deletionTimestamp").Length > 0 ? "Terminating" : Str(o, "status", "phase") is { Length: > 0 } p ? p : "Pending"),
            Int("Restarts", o => (o["status"]?["containerStatuses"] as JsonArray)?.Sum(c => Num(c?["restartCount"])) ?? 0), Age,
        ],
        [new("", "PersistentVolumeClaim")] =
        [
            Name, Col("Status", (o, _) => Str(o, "status", "phase") is { Length: > 0 } p ? p : "Pending"), Col("Volume", (o, _) => Str(o, "spec", "volumeName")),
            Col("Capacity", (o, _) => Str(o, "status", "capacity", "storage")), Col("Access Modes", (o, _) => AccessModes(o["status"]?["accessModes"] as JsonArray)),
            Col("StorageClass", (o, _) => Str(o, "spec", "storageClassName") is { Length: > 0 } sc ? sc : "<unset>"), Age,
        ],
        [new("", "PersistentVolume")] =
        [
            Name, Col("Capacity", (o, _) => Str(o, "spec", "capacity", "storage")), Col("Access Modes", (o, _) => AccessModes(o["spec"]?["accessModes"] as JsonArray)),
            Col("Reclaim Policy", (o, _) => Str(o, "spec", "persistentVolumeReclaimPolicy")), Col("Status", (o, _) => Str(o, "status", "phase")),
            Col("Claim", (o, _) => ClaimOf(o)), Col("StorageClass", (o, _) => Str(o, "spec", "storageClassName")), Age,
        ],
        [new("", "Event")] =
        [
            Col("Last Seen", (o, now) => HumanDuration.Since(Str(o, "lastTimestamp") is { Length: > 0 } t ? t : Str(o, "metadata", "creationTimestamp"), now)),
            Col("Type", (o, _) => Str(o, "type")), Col("Reason", (o, _) => Str(o, "reason")),
            Col("Object", (o, _) => F($"{Str(o, "involvedObject", "kind").ToLowerInvariant()}/{Str(o, "involvedObject", "name")}")),
            Col("Message", (o, _) => Str(o, "message")),
        ],
        [new("", "ResourceQuota")] = [Name, Age],
        [new("apps", "Deployment")] =
        [
            Name, Col("Ready", (o, _) => F($"{Num(o["status"]?["readyReplicas"])}/{Replicas(o)}")),
            Int("Up-to-date", o => Num(o["status"]?["updatedReplicas"])), Int("Available", o => Num(o["status"]?["availableReplicas"])), Age,
        ],
        [new("apps", "StatefulSet")] = [Name, Col("Ready", (o, _) => F($"{Num(o["status"]?["readyReplicas"])}/{Replicas(o)}")), Age],
        [new("apps", "ReplicaSet")] =
        [
            Name, Int("Desired", Replicas), Int("Current", o => Num(o["status"]?["replicas"])), Int("Ready", o => Num(o["status"]?["readyReplicas"])), Age,
        ],
        [new("apps", "DaemonSet")] =
        [
            Name, Int("Desired", o => Num(o["status"]?["desiredNumberScheduled"])), Int("Current", o => Num(o["status"]?["currentNumberScheduled"])),
            Int("Ready", o => Num(o["status"]?["numberReady"])), Int("Up-to-date", o => Num(o["status"]?["updatedNumberScheduled"])),
            Int("Available", o => Num(o["status"]?["numberAvailable"])), Col("Node Selector", (o, _) => Pairs(o["spec"]?["template"]?["spec"]?["nodeSelector"] as JsonObject)), Age,
        ],
        [new("batch", "Job")] =
        [
            Name, Col("Status", (o, _) => JobStatus(o)),
            Col("Completions", (o, _) => F($"{Num(o["status"]?["succeeded"])}/{(o["spec"]?["completions"] is { } c ? Num(c) : 1)}")),
            Col("Duration", (o, now) => Duration(o, now)), Age,
        ],
        [new("batch", "CronJob")] =
        [
            Name, Col("Schedule", (o, _) => Str(o, "spec", "schedule")), Col("Suspend", (o, _) => o["spec"]?["suspend"]?.ToString() == "true" ? "True" : "False"),
            Int("Active", o => (o["status"]?["active"] as JsonArray)?.Count ?? 0),
            Col("Last Schedule", (o, now) => Str(o, "status", "lastScheduleTime") is { Length: > 0 } t ? HumanDuration.Since(t, now) : "<none>"), Age,
        ],
        [new("networking.k8s.io", "Ingress")] =
        [
            Name, Col("Class", (o, _) => Str(o, "spec", "ingressClassName") is { Length: > 0 } c ? c : "<none>"),
            Col("Hosts", (o, _) => Hosts(o)), Col("Address", (o, _) => ExternalIp(o, none: "")), Col("Ports", (o, _) => o["spec"]?["tls"] is JsonArray { Count: > 0 } ? "80, 443" : "80"), Age,
        ],
        [new("apiextensions.k8s.io", "CustomResourceDefinition")] =
        [
            Name, Col("Created At", (o, _) => Str(o, "metadata", "creationTimestamp"), format: "date"),
        ],
    };

    /// <summary>The columns for a built-in kind (NAME and AGE for those without a printer).</summary>
    public static IReadOnlyList<TableColumn> For(GroupKind kind) => ByKind.TryGetValue(kind, out var columns) ? columns : [Name, Age];

    /// <summary>NAME, the CRD's printer columns, then AGE unless the CRD declares it.</summary>
    public static IReadOnlyList<TableColumn> ForCustom(IReadOnlyList<Api.PrinterColumn> printerColumns)
    {
        var columns = new List<TableColumn> { Name };
        foreach (var p in printerColumns)
        {
            columns.Add(new TableColumn(p.Name, p.Type, p.Priority, (o, now) => CustomCell(o, p, now), p.Format));
        }
        if (!printerColumns.Any(p => p.JsonPath == ".metadata.creationTimestamp")) columns.Add(Age);
        return columns;
    }

    private static JsonNode? CustomCell(JsonObject o, Api.PrinterColumn column, DateTimeOffset now)
    {
        var matches = JsonPathLite.Evaluate(o, column.JsonPath);
        if (matches.Count == 0) return null;
        var first = matches[0];
        if (column.Type == "date") return HumanDuration.Since(first.ToString(), now);
        if (matches.Count == 1 && first is JsonValue) return first.DeepClone();
        return string.Join(",", matches.Select(m => m.ToString()));
    }

    private static TableColumn Col(string name, Func<JsonObject, DateTimeOffset, string> cell, int priority = 0, string format = "") =>
        new(name, "string", priority, (o, now) => cell(o, now), format);

    private static TableColumn Int(string name, Func<JsonObject, long> cell) => new(name, "integer", 0, (o, _) => cell(o));

    private static string Str(JsonNode? node, params string[] path)
    {
        foreach (var p in path) node = (node as JsonObject)?[p];
        return node is JsonValue v ? v.ToString() : "";
    }

    private static long Num(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    private static int Count(JsonObject o, string field) => (o[field] as JsonObject)?.Count ?? 0;

    private static long Replicas(JsonObject o) => o["spec"]?["replicas"] is { } r ? Num(r) : 1;

    private static long Ready(JsonObject o) =>
        (o["status"]?["containerStatuses"] as JsonArray)?.Count(c => c?["ready"]?.ToString() == "true") ?? 0;

    private static string Pairs(JsonObject? map) =>
        map is null || map.Count == 0 ? "<none>" : string.Join(",", map.Select(p => $"{p.Key}={p.Value}"));

    private static string ExternalIp(JsonObject o, string none = "<none>")
    {
        var ips = (o["status"]?["loadBalancer"]?["ingress"] as JsonArray)?.Select(i => Str(i, "ip") is { Length: > 0 } ip ? ip : Str(i, "hostname")).Where(s => s.Length > 0).ToList() ?? [];
        if (o["spec"]?["externalIPs"] is JsonArray external) ips.AddRange(external.Select(e => e?.ToString() ?? ""));
        if (ips.Count > 0) return string.Join(",", ips);
        return Str(o, "spec", "type") == "LoadBalancer" ? "<pending>" : none;
    }

    private static string Ports(JsonObject o)
    {
        if (o["spec"]?["ports"] is not JsonArray ports || ports.Count == 0) return "<none>";
        return string.Join(",", ports.Select(p =>
        {
            var port = Str(p, "port");
            var nodePort = Str(p, "nodePort");
            var protocol = Str(p, "protocol") is { Length: > 0 } pr ? pr : "TCP";
            return nodePort.Length > 0 ? $"{port}:{nodePort}/{protocol}" : $"{port}/{protocol}";
        }));
    }

    private static string Endpoints(JsonObject o)
    {
        var list = new List<string>();
        foreach (var subset in (o["subsets"] as JsonArray)?.OfType<JsonObject>() ?? [])
        foreach (var address in (subset["addresses"] as JsonArray)?.OfType<JsonObject>() ?? [])
        foreach (var port in (subset["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
            list.Add($"{Str(address, "ip")}:{Str(port, "port")}");
        return list.Count == 0 ? "<none>" : string.Join(",", list);
    }

    private static string AccessModes(JsonArray? modes) =>
        modes is null ? "" : string.Join(",", modes.Select(m => m?.ToString() switch
        {
            "ReadWriteOnce" => "RWO",
            "ReadOnlyMany" => "ROX",
            "ReadWriteMany" => "RWX",
            "ReadWriteOncePod" => "RWOP",
            var other => other ?? "",
        }));

    private static string ClaimOf(JsonObject o) =>
        o["spec"]?["claimRef"] is JsonObject claim ? $"{Str(claim, "namespace")}/{Str(claim, "name")}" : "";

    private static string Hosts(JsonObject o)
    {
        var hosts = (o["spec"]?["rules"] as JsonArray)?.Select(r => Str(r, "host")).Where(h => h.Length > 0).ToList() ?? [];
        return hosts.Count == 0 ? "*" : string.Join(",", hosts);
    }

    private static string JobStatus(JsonObject o)
    {
        foreach (var c in (o["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (Str(c, "status") != "True") continue;
            if (Str(c, "type") == "Complete") return "Complete";
            if (Str(c, "type") == "Failed") return "Failed";
        }
        return "Running";
    }

    private static string Duration(JsonObject o, DateTimeOffset now)
    {
        var start = Str(o, "status", "startTime");
        if (start.Length == 0) return "";
        var end = Str(o, "status", "completionTime");
        if (!DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s)) return "";
        var e = DateTimeOffset.TryParse(end, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : now;
        return HumanDuration.Format(e - s);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
