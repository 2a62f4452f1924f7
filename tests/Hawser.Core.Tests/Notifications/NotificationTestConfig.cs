using System.Text.Json.Nodes;
using Hawser.Core.Tests.State;
using Hawser.Notifications;
using Hawser.Settings;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Core.Tests.Notifications;

/// <summary>Builds notification configurations and Applications for tests.</summary>
internal static class NotificationTestConfig
{
    public static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 30, 0, TimeSpan.Zero);

    public static NotificationConfig Read(Dictionary<string, string> data, Dictionary<string, string>? secrets = null, TimeProvider? time = null) =>
        NotificationConfigReader.Read(data, (secrets ?? new Dictionary<string, string>()).ToDictionary(p => p.Key, p => new SecretText(p.Value)), time ?? new ManualTimeProvider(Now));

    public static NotificationEngine Engine(NotificationConfig config, TimeProvider? time = null, DeliveryPolicy? policy = null) =>
        new(config, time ?? new ManualTimeProvider(Now), NullLogger.Instance, policy ?? new DeliveryPolicy(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)));

    /// <summary>An Application named guestbook with a status built from the arguments.</summary>
    public static JsonObject App(string sync = "Synced", string health = "Healthy", string? phase = null, string revision = "0123456789abcdef0123456789abcdef01234567",
        string? startedAt = null, bool deleting = false)
    {
        var status = new JsonObject
        {
            ["sync"] = new JsonObject { ["status"] = sync, ["revision"] = revision },
            ["health"] = new JsonObject { ["status"] = health },
        };
        if (phase is not null)
        {
            status["operationState"] = new JsonObject
            {
                ["phase"] = phase,
                ["message"] = phase == "Failed" ? "one or more objects failed to apply" : "successfully synced",
                ["startedAt"] = startedAt ?? "2026-05-04T10:20:00Z",
                ["syncResult"] = new JsonObject { ["revision"] = revision },
            };
        }
        var metadata = new JsonObject { ["name"] = "guestbook", ["namespace"] = "argocd", ["labels"] = new JsonObject { ["team"] = "web" } };
        if (deleting) metadata["deletionTimestamp"] = "2026-05-04T10:29:00Z";
        return new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Application",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["project"] = "default",
                ["source"] = new JsonObject { ["repoURL"] = "git@github.com:example/guestbook.git", ["path"] = "guestbook", ["targetRevision"] = "main" },
                ["destination"] = new JsonObject { ["server"] = "https://kubernetes.default.svc", ["namespace"] = "guestbook" },
            },
            ["status"] = status,
        };
    }
}
