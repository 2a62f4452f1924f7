using System.Text.Json.Nodes;
using Hawser.Notifications;
using Hawser.Settings;
using Hawser.State;
using Hawser.Testing;

namespace Hawser.Server.Tests.Notifications;

/// <summary>An app's life (created, removed from Git) is announced once, and a service that keeps failing shows in the app's audit trail.</summary>
public sealed class NotificationLifecycleTests : IAsyncLifetime
{
    private ServerHarness _h = null!;
    private HttpReceiver _robot = null!;
    private HttpReceiver _broken = null!;

    public async Task InitializeAsync()
    {
        _h = await ServerHarness.CreateAsync();
        _robot = HttpReceiver.Start();
        _robot.DefaultBody = """{"errcode":0,"errmsg":"ok"}""";
        _broken = HttpReceiver.Start();
        for (var i = 0; i < 20; i++) _broken.Enqueue(500, "down for maintenance");
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        _robot.Dispose();
        _broken.Dispose();
    }

    [Fact]
    public async Task The_default_on_created_and_on_deleted_triggers_fire_once_and_a_failing_service_is_audited()
    {
        var settings = await SettingsAsync();
        var annotations = """
            {"notifications.argoproj.io/subscribe.on-created.robot": "", "notifications.argoproj.io/subscribe.on-deleted.robot": "", "notifications.argoproj.io/subscribe.on-created.broken": ""}
            """;
        await _h.Repo.Write("apps/web.yaml", _h.Application("web", "web", "web", annotations: annotations))
            .Write("apps/api.yaml", _h.Application("api", "api", "api"))
            .Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "one"))
            .Write("api/cm.yaml", ServerHarness.ConfigMap("settings", "one")).CommitAsync("two apps", CancellationToken.None);
        await _h.StartServerAsync(o => o with { Settings = settings, NotificationDelivery = new DeliveryPolicy(3, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20)) });

        await _h.EventuallyAsync(() => _robot.Requests.Count == 1, "web's on-created message");
        Assert.Equal("""{"msgtype":"text","text":{"content":"Application web now exists and is managed by Hawser."}}""", _robot.Requests[0].Body);
        await _h.EventuallyAsync(() => _h.Server!.Notifications!.Counters.Failed("broken") == 1, "the broken service's failure counted");
        Assert.Equal(3, _broken.Requests.Count);
        var audit = await _h.Server!.Store.Audit.QueryAsync(new AuditQuery(App: "web"), CancellationToken.None);
        var failed = Assert.Single(audit, a => a.Outcome == AuditOutcome.Failed);
        Assert.Equal(("notifications-controller", "notify"), (failed.Actor, failed.Action));
        Assert.Equal("trigger on-created, template app-created, to broken:: service.slack.broken: HTTP 500 Internal Server Error: down for maintenance", failed.Detail);
        Assert.DoesNotContain(audit, a => a.Detail.Contains("hooks-secret-path", StringComparison.Ordinal));

        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web"), "web Synced and Healthy");
        await _h.Repo.Delete("apps/web.yaml").CommitAsync("remove web", CancellationToken.None);
        await _h.EventuallyAsync(() => _robot.Requests.Count == 2, "web's on-deleted message");
        Assert.Equal("""{"msgtype":"text","text":{"content":"Application web is being deleted."}}""", _robot.Requests[1].Body);
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(2, _robot.Requests.Count);
        Assert.Empty(await _h.Server.Store.Notifications.ListNotifiedAppsAsync(CancellationToken.None));
    }

    private async Task<HawserSettings> SettingsAsync()
    {
        var dir = _h.DataDirectory + "-settings";
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "notifications.yaml"), $"""
            apiVersion: v1
            kind: ConfigMap
            metadata: {"{"}name: argocd-notifications-cm{"}"}
            data:
              service.wecom.robot: |
                url: {_robot.Url}/cgi-bin/webhook/send?key=robot-key
              service.slack.broken: |
                webhookURL: $broken-url
            ---
            apiVersion: v1
            kind: Secret
            metadata: {"{"}name: argocd-notifications-secret{"}"}
            stringData:
              broken-url: {_broken.Url}/services/hooks-secret-path
            """);
        return await HawserSettings.LoadAsync(new DirectorySettingsSource(dir), CancellationToken.None);
    }
}
