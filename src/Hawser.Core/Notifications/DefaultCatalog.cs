using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Notifications;

/// <summary>
/// Hawser's default triggers and templates, written from the behaviour Argo CD's catalogue documents (the same names,
/// so subscriptions written for Argo CD work): <c>on-created</c>, <c>on-deleted</c>, <c>on-deployed</c> (once per
/// synced revision), <c>on-health-degraded</c>, <c>on-sync-failed</c>, <c>on-sync-running</c>,
/// <c>on-sync-status-unknown</c>, <c>on-sync-succeeded</c>, each sending the template <c>app-…</c> of the same event.
/// A trigger or template of the same name in <c>argocd-notifications-cm</c> replaces the default one.
/// </summary>
public static class DefaultCatalog
{
    private const string TriggerYaml = """
        on-created:
        - description: The app appeared; sent once per app
          when: "true"
          oncePer: app.metadata.name
          send: [app-created]
        on-deleted:
        - description: The app is being deleted; sent once per app
          when: app.metadata.deletionTimestamp != nil
          oncePer: app.metadata.name
          send: [app-deleted]
        on-deployed:
        - description: A sync succeeded and the app is healthy; sent once per synced revision
          when: app.status.operationState?.phase in ['Succeeded'] and app.status.health.status == 'Healthy'
          oncePer: app.status.operationState?.syncResult?.revision
          send: [app-deployed]
        on-health-degraded:
        - description: The app's health became Degraded
          when: app.status.health.status == 'Degraded'
          send: [app-health-degraded]
        on-sync-failed:
        - description: A sync ended in Failed or Error
          when: app.status.operationState?.phase in ['Error', 'Failed']
          send: [app-sync-failed]
        on-sync-running:
        - description: A sync started
          when: app.status.operationState?.phase in ['Running']
          send: [app-sync-running]
        on-sync-status-unknown:
        - description: The app's sync status is Unknown (it could not be compared)
          when: app.status.sync.status == 'Unknown'
          send: [app-sync-status-unknown]
        on-sync-succeeded:
        - description: A sync succeeded
          when: app.status.operationState?.phase in ['Succeeded']
          send: [app-sync-succeeded]
        """;

    private const string TemplateYaml = """
        app-created:
          message: "Application {{.app.metadata.name}} now exists and is managed by Hawser."
          email: {subject: "Application {{.app.metadata.name}} created"}
        app-deleted:
          message: "Application {{.app.metadata.name}} is being deleted."
          email: {subject: "Application {{.app.metadata.name}} deleted"}
        app-deployed:
          message: "Application {{.app.metadata.name}} is running revision {{.app.status.sync.revision}}: synced and healthy."
          email: {subject: "Application {{.app.metadata.name}} deployed {{.app.status.sync.revision}}"}
        app-health-degraded:
          message: "Application {{.app.metadata.name}} is Degraded{{with .app.status.health.message}}: {{.}}{{end}}."
          email: {subject: "Application {{.app.metadata.name}} degraded"}
        app-sync-failed:
          message: "Sync of application {{.app.metadata.name}} ended in {{.app.status.operationState.phase}}: {{.app.status.operationState.message}}"
          email: {subject: "Sync of application {{.app.metadata.name}} failed"}
        app-sync-running:
          message: "Sync of application {{.app.metadata.name}} started."
          email: {subject: "Sync of application {{.app.metadata.name}} started"}
        app-sync-status-unknown:
          message: "Application {{.app.metadata.name}} could not be compared: its sync status is Unknown.{{range .app.status.conditions}} {{.type}}: {{.message}}{{end}}"
          email: {subject: "Application {{.app.metadata.name}} sync status unknown"}
        app-sync-succeeded:
          message: "Sync of application {{.app.metadata.name}} succeeded at revision {{.app.status.operationState.syncResult.revision}}."
          email: {subject: "Sync of application {{.app.metadata.name}} succeeded"}
        """;

    /// <summary>The default triggers, as ConfigMap values would parse.</summary>
    public static IEnumerable<KeyValuePair<string, JsonNode>> Triggers() => Parse(TriggerYaml, "triggers");

    /// <summary>The default templates, as ConfigMap values would parse.</summary>
    public static IEnumerable<KeyValuePair<string, JsonObject>> Templates() =>
        Parse(TemplateYaml, "templates").Select(p => new KeyValuePair<string, JsonObject>(p.Key, (JsonObject)p.Value));

    private static IEnumerable<KeyValuePair<string, JsonNode>> Parse(string yaml, string what)
    {
        var root = (JsonObject)YamlDocuments.Parse(yaml, $"default notification {what}")[0].Root!;
        return root.Select(p => new KeyValuePair<string, JsonNode>(p.Key, p.Value!.DeepClone())).ToList();
    }
}
