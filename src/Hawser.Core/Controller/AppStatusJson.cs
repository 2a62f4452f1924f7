using System.Globalization;
using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.Compare;
using Hawser.Health;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Controller;

/// <summary>
/// Writes an app's status in Argo CD's <c>Application.status</c> shape (<c>sync</c>, <c>health</c>, <c>resources</c>,
/// <c>conditions</c>, <c>operationState</c>, <c>history</c>, <c>reconciledAt</c>), so scripts written
/// against Argo CD read Hawser's output unchanged, and reads back the part the controller stores.
/// </summary>
public static class AppStatusJson
{
    /// <summary>The refresh part of the status (what the state store keeps in the app's snapshot).</summary>
    public static JsonObject Refresh(AppRuntimeStatus status)
    {
        var resources = new JsonArray();
        foreach (var r in status.Resources)
        {
            var entry = new JsonObject
            {
                ["group"] = r.Key.Group,
                ["version"] = r.Version,
                ["kind"] = r.Key.Kind,
                ["namespace"] = r.Key.Namespace,
                ["name"] = r.Key.Name,
                ["status"] = r.Status == CompareStatus.Synced ? "Synced" : "OutOfSync",
            };
            if (r.Status == CompareStatus.RequiresPruning) entry["requiresPruning"] = true;
            if (r.Health is { } health) entry["health"] = Health(health);
            if (r.Message.Length > 0) entry["message"] = r.Message;
            if (r.Status is CompareStatus.Missing or CompareStatus.Conflict) entry["hawserStatus"] = r.Status.ToString();
            resources.Add((JsonNode)entry);
        }
        var conditions = new JsonArray();
        foreach (var c in status.Conditions)
            conditions.Add((JsonNode)new JsonObject { ["type"] = c.Type, ["message"] = c.Message, ["lastTransitionTime"] = Time(status.ReconciledAt) });
        var revisions = new JsonArray(status.Revisions.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray());
        return new JsonObject
        {
            ["sync"] = new JsonObject { ["status"] = status.Sync.ToString(), ["revision"] = status.Revision, ["revisions"] = revisions },
            ["health"] = Health(status.Health),
            ["resources"] = resources,
            ["conditions"] = conditions,
            ["reconciledAt"] = Time(status.ReconciledAt),
        };
    }

    /// <summary>Reads back what <see cref="Refresh"/> wrote; null when the text is not such a status.</summary>
    public static AppRuntimeStatus? ParseRefresh(string json)
    {
        if (json.Length == 0 || JsonNode.Parse(json) is not JsonObject root) return null;
        var sync = Enum.TryParse<AppSyncStatus>(Text(root["sync"]?["status"]), out var s) ? s : AppSyncStatus.Unknown;
        var health = ReadHealth(root["health"]) ?? HealthResult.Unknown();
        var revisions = (root["sync"]?["revisions"] as JsonArray)?.Select(Text).ToList() ?? [];
        var resources = new List<ResourceStatus>();
        foreach (var r in (root["resources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = new ResourceKey(Text(r["group"]), Text(r["kind"]), Text(r["namespace"]), Text(r["name"]));
            var status = r["hawserStatus"] is { } special && Enum.TryParse<CompareStatus>(Text(special), out var parsed) ? parsed
                : r["requiresPruning"] is not null ? CompareStatus.RequiresPruning
                : Text(r["status"]) == "Synced" ? CompareStatus.Synced : CompareStatus.OutOfSync;
            resources.Add(new ResourceStatus(key, Text(r["version"]), status, ReadHealth(r["health"]), Text(r["message"])));
        }
        var conditions = (root["conditions"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new AppCondition(Text(c["type"]), Text(c["message"]))).ToList();
        var at = DateTimeOffset.TryParse(Text(root["reconciledAt"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.MinValue;
        return new AppRuntimeStatus(sync, health, revisions, resources, conditions, at);
    }

    /// <summary>
    /// The whole <c>status</c> of an Application: the stored refresh part, plus <c>operationState</c> from the app's latest
    /// operation and <c>history</c> (oldest first, as Argo CD lists it).
    /// </summary>
    public static JsonObject Status(AppRuntimeStatus? refresh, OperationRecord? operation, IReadOnlyList<HistoryEntry> history)
    {
        var status = refresh is null
            ? new JsonObject { ["sync"] = new JsonObject { ["status"] = "Unknown" }, ["health"] = new JsonObject { ["status"] = "Unknown" } }
            : Refresh(refresh);
        if (operation is not null) status["operationState"] = OperationState(operation);
        var entries = new JsonArray();
        foreach (var h in history.OrderBy(h => h.Id))
        {
            entries.Add((JsonNode)new JsonObject
            {
                ["id"] = h.Id,
                ["revision"] = h.Revision,
                ["revisions"] = new JsonArray(h.Revisions.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
                ["deployStartedAt"] = Time(h.StartedAt),
                ["deployedAt"] = Time(h.DeployedAt),
                ["initiatedBy"] = Initiator(h.Initiator),
                ["phase"] = h.Phase.ToString(),
                ["source"] = SourceOf(h.SourceJson),
            });
        }
        if (entries.Count > 0) status["history"] = entries;
        return status;
    }

    /// <summary>A whole Application manifest with its <c>status</c>, as <c>argocd app get -o json</c> prints it.</summary>
    public static JsonObject Application(AppDefinition app, JsonObject status)
    {
        var body = (JsonObject)app.Manifest.Body.DeepClone();
        body["status"] = status;
        return body;
    }

    private static JsonObject OperationState(OperationRecord op)
    {
        var resources = new JsonArray();
        foreach (var t in op.Tasks)
        {
            resources.Add((JsonNode)new JsonObject
            {
                ["group"] = t.Key.Group,
                ["version"] = VersionOf(t.ApiVersion),
                ["kind"] = t.Key.Kind,
                ["namespace"] = t.Key.Namespace,
                ["name"] = t.Key.Name,
                ["status"] = t.Action switch
                {
                    SyncTaskAction.Failed => "SyncFailed",
                    SyncTaskAction.Pruned or SyncTaskAction.Deleted => "Pruned",
                    SyncTaskAction.Skipped => "PruneSkipped",
                    _ => "Synced",
                },
                ["message"] = t.Message,
                ["syncPhase"] = t.Phase.ToString(),
                ["hookPhase"] = t.IsHook ? (t.Action == SyncTaskAction.Failed ? "Failed" : "Succeeded") : null,
                ["hawserAction"] = t.Action.ToString(),
                ["wave"] = t.Wave,
            });
        }
        var state = new JsonObject
        {
            ["operation"] = new JsonObject
            {
                ["sync"] = new JsonObject { ["revision"] = op.Revision },
                ["initiatedBy"] = Initiator(op.Initiator),
            },
            ["id"] = op.Id,
            ["phase"] = op.Phase.ToString(),
            ["message"] = op.Message,
            ["startedAt"] = Time(op.StartedAt),
            ["syncResult"] = new JsonObject { ["revision"] = op.Revision, ["resources"] = resources, ["source"] = SourceOf(op.SourceJson) },
        };
        if (op.FinishedAt is { } finished) state["finishedAt"] = Time(finished);
        return state;
    }

    private static JsonObject Initiator(string initiator) =>
        initiator.StartsWith("automated", StringComparison.Ordinal)
            ? new JsonObject { ["automated"] = true }
            : new JsonObject { ["username"] = initiator };

    // History and operations store the Application manifest as synced; Argo CD's history shows its source.
    private static JsonNode? SourceOf(string sourceJson)
    {
        try
        {
            return JsonNode.Parse(sourceJson)?["spec"]?["source"]?.DeepClone() ?? JsonNode.Parse(sourceJson)?["spec"]?["sources"]?.DeepClone();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static JsonObject Health(HealthResult health)
    {
        var node = new JsonObject { ["status"] = health.Status.ToString() };
        if (health.Message.Length > 0) node["message"] = health.Message;
        return node;
    }

    private static HealthResult? ReadHealth(JsonNode? node) =>
        node is JsonObject o && Enum.TryParse<HealthStatus>(Text(o["status"]), out var status) ? new HealthResult(status, Text(o["message"])) : null;

    private static string VersionOf(string apiVersion) => apiVersion.Contains('/') ? apiVersion[(apiVersion.IndexOf('/') + 1)..] : apiVersion;

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
