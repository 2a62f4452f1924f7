using System.Text.Json.Nodes;
using Hawser.Settings;
using Hawser.Testing;

namespace Hawser.Server.Tests.Notifications;

/// <summary>Argo CD's catalogue triggers, as a subscribed team hears them through one sync of a real server.</summary>
public sealed class DefaultTriggerTests : IAsyncLifetime
{
    private ServerHarness _h = null!;
    private HttpReceiver _robot = null!;

    // Deployments become available after 2 s, so the sync runs long enough to be seen running.
    public async Task InitializeAsync()
    {
        _h = await ServerHarness.CreateAsync(simulationDelay: TimeSpan.FromSeconds(2));
        _robot = HttpReceiver.Start();
        _robot.DefaultBody = """{"code":0,"msg":"success"}""";
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        _robot.Dispose();
    }

    [Fact]
    public async Task One_sync_is_heard_as_running_then_succeeded_then_deployed()
    {
        var dir = _h.DataDirectory + "-settings";
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "cm.yaml"), $"""
            apiVersion: v1
            kind: ConfigMap
            metadata: {"{"}name: argocd-notifications-cm{"}"}
            data:
              service.feishu.team: |
                url: {_robot.Url}/open-apis/bot/v2/hook/team
              defaultTriggers: |
                [on-sync-running, on-sync-succeeded, on-deployed, on-sync-failed]
            """);
        var settings = await HawserSettings.LoadAsync(new DirectorySettingsSource(dir), CancellationToken.None);
        await _h.Repo.Write("apps/web.yaml", _h.Application("web", "web", "web", annotations: """{"notifications.argoproj.io/subscribe.team": ""}"""))
            .Write("web/deploy.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: c, image: nginx}]}
                """).CommitAsync("web", CancellationToken.None);
        var commit = await _h.Repo.HeadAsync(CancellationToken.None);
        await _h.StartServerAsync(o => o with { Settings = settings });

        await _h.EventuallyAsync(() => _robot.Requests.Count == 3, "three messages");
        var texts = _robot.Requests.Select(r => JsonNode.Parse(r.Body)!["content"]!["text"]!.GetValue<string>()).ToList();
        Assert.Equal("Sync of application web started.", texts[0]);
        Assert.Equal(
            [$"Application web is running revision {commit}: synced and healthy.", $"Sync of application web succeeded at revision {commit}."],
            texts.Skip(1).Order(StringComparer.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(3, _robot.Requests.Count);
    }
}
