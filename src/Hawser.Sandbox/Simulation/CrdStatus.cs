using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Simulation;

/// <summary>CustomResourceDefinitions report <c>NamesAccepted</c> and <c>Established</c>, their accepted names and stored versions, as the apiextensions controller does.</summary>
internal static class CrdStatus
{
    public static bool CustomResourceDefinition(JsonObject obj, DateTimeOffset now)
    {
        var spec = obj["spec"] as JsonObject;
        var old = obj["status"] as JsonObject;
        var status = new JsonObject
        {
            ["conditions"] = StatusConditions.Build(old?["conditions"] as JsonArray,
            [
                new("NamesAccepted", true, "NoConflicts", "no conflicts found"),
                new("Established", true, "InitialNamesAccepted", "the initial names have been accepted"),
            ], ObjectFields.Time(now), null),
            ["acceptedNames"] = spec?["names"]?.DeepClone() ?? new JsonObject(),
        };
        var stored = new List<string>();
        if (old?["storedVersions"] is JsonArray previous) stored.AddRange(previous.Select(v => StatusConditions.Text(v)).Where(v => v.Length > 0));
        if (spec?["versions"] is JsonArray versions)
        {
            foreach (var version in versions.OfType<JsonObject>())
            {
                var name = StatusConditions.Text(version["name"]);
                if (version["storage"] is JsonValue s && s.TryGetValue<bool>(out var isStorage) && isStorage && !stored.Contains(name)) stored.Add(name);
            }
        }
        status["storedVersions"] = new JsonArray([.. stored.Select(v => (JsonNode)v)]);
        return ObjectFields.SetStatus(obj, status);
    }
}
