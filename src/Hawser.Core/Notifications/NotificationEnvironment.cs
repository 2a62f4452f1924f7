using System.Text.Json.Nodes;
using Hawser.Templates;

namespace Hawser.Notifications;

/// <summary>
/// The names templates and trigger conditions see: <c>app</c> (the Application with its status), <c>time</c>
/// (<see cref="GoTimeFunctions"/>), <c>repo</c> (<see cref="RepoFunctions"/>) and <c>strings</c> (<c>ReplaceAll</c>,
/// <c>ToUpper</c>, <c>ToLower</c>); templates also see <c>context</c> and <c>notificationType</c> (the service type).
/// </summary>
public static class NotificationEnvironment
{
    private static readonly IReadOnlyDictionary<string, object?> Strings = new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["ReplaceAll"] = new TemplateFunction(args => args is [string s, string old, string replacement]
            ? (old.Length == 0 ? s : s.Replace(old, replacement, StringComparison.Ordinal))
            : throw new TemplateFunctionException("strings.ReplaceAll takes three strings")),
        ["ToUpper"] = new TemplateFunction(args => args is [string s] ? s.ToUpperInvariant() : throw new TemplateFunctionException("strings.ToUpper takes one string")),
        ["ToLower"] = new TemplateFunction(args => args is [string s] ? s.ToLowerInvariant() : throw new TemplateFunctionException("strings.ToLower takes one string")),
    };

    /// <summary>What a trigger condition sees.</summary>
    public static Dictionary<string, object?> ForTrigger(JsonObject app, IReadOnlyDictionary<string, CommitMetadata> commits, TimeProvider time) => new(StringComparer.Ordinal)
    {
        ["app"] = app,
        ["time"] = GoTimeFunctions.Create(time),
        ["repo"] = RepoFunctions.Create(commits),
        ["strings"] = Strings,
    };

    /// <summary>What a template sees.</summary>
    public static Dictionary<string, object?> ForTemplate(JsonObject app, IReadOnlyDictionary<string, string> context, string serviceType,
        IReadOnlyDictionary<string, CommitMetadata> commits, TimeProvider time)
    {
        var data = ForTrigger(app, commits, time);
        data["context"] = context.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
        data["notificationType"] = serviceType;
        return data;
    }

    /// <summary>The app's first source's repository URL (empty when none).</summary>
    public static string RepoUrl(JsonObject app) =>
        Text(app["spec"]?["source"]?["repoURL"]) ?? Text((app["spec"]?["sources"] as JsonArray)?.FirstOrDefault()?["repoURL"]) ?? "";

    /// <summary>The commits a template may ask metadata of: the compared and synced revisions.</summary>
    public static IReadOnlyList<string> Revisions(JsonObject app)
    {
        var status = app["status"];
        var revisions = new List<string?> { Text(status?["sync"]?["revision"]), Text(status?["operationState"]?["syncResult"]?["revision"]) };
        if (status?["sync"]?["revisions"] is JsonArray many) revisions.AddRange(many.Select(Text));
        return revisions.Where(r => r is { Length: > 0 }).Select(r => r!).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
