using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hawser.Settings;
using Hawser.Testing;

namespace Hawser.Server.Tests.Notifications;

/// <summary>Commits and syncs of a running server reach people: a DingTalk robot and an SMTP server on 127.0.0.1.</summary>
public sealed class NotificationDeliveryTests : IAsyncLifetime
{
    private const string RobotSecret = "SEC-robot-signing-secret-42";
    private const string RobotToken = "robot-access-token-7f3a";
    private ServerHarness _h = null!;
    private HttpReceiver _robot = null!;
    private SmtpTestServer _smtp = null!;

    public async Task InitializeAsync()
    {
        _h = await ServerHarness.CreateAsync();
        _robot = HttpReceiver.Start();
        _robot.DefaultBody = """{"errcode":0,"errmsg":"ok"}""";
        _smtp = await SmtpTestServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        _robot.Dispose();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task A_oncePer_revision_trigger_notifies_once_per_commit_not_once_per_refresh_nor_again_after_a_restart()
    {
        var settings = await SettingsAsync();
        await _h.Repo.Write("apps/web.yaml", _h.Application("web", "web", "web", annotations: """
                {"notifications.argoproj.io/subscribe.on-commit-deployed.team-robot": "", "notifications.argoproj.io/subscribe.on-commit-deployed.mail": "ops@example.com"}
                """))
            .Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "one")).CommitAsync("one", CancellationToken.None);
        var first = await _h.Repo.HeadAsync(CancellationToken.None);
        await _h.StartServerAsync(o => o with { Settings = settings });

        await _h.EventuallyAsync(() => _robot.Requests.Count == 1, "the first commit's DingTalk message");
        var message = _robot.Requests[0];
        Assert.Equal("POST", message.Method);
        AssertSigned(message.PathAndQuery);
        Assert.Equal("application/json; charset=utf-8", message.Header("Content-Type"));
        var body = JsonNode.Parse(message.Body)!;
        Assert.Equal("markdown", body["msgtype"]!.GetValue<string>());
        Assert.Equal("web deployed", body["markdown"]!["title"]!.GetValue<string>());
        Assert.Equal($"### web deployed\nrevision {first}, project default, https://hawser.example.com/applications/web\n", body["markdown"]!["text"]!.GetValue<string>());
        await _h.EventuallyAsync(() => _smtp.MessageCount == 1, "the first commit's e-mail");
        Assert.Contains($"Subject: web deployed {first[..7]}", _smtp.Output, StringComparison.Ordinal);
        Assert.Contains("To: ops@example.com", _smtp.Output, StringComparison.Ordinal);
        Assert.Contains("From: hawser@example.com", _smtp.Output, StringComparison.Ordinal);
        Assert.Contains($"revision {first}, project default", _smtp.Output, StringComparison.Ordinal);

        for (var i = 0; i < 3; i++)
        {
            var before = _h.Controller.StatusOf("web")!.ReconciledAt;
            Assert.True(_h.Controller.Refresh("web"));
            await _h.EventuallyAsync(() => _h.Controller.StatusOf("web")!.ReconciledAt > before, "a refresh");
        }
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(_robot.Requests);

        var second = await _h.Repo.Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "two")).CommitAsync("two", CancellationToken.None);
        await _h.EventuallyAsync(() => _h.Controller.StatusOf("web") is { IsSyncedAndHealthy: true } s && s.Revision == second, "web synced to the second commit");
        await _h.EventuallyAsync(() => _robot.Requests.Count == 2, "the second commit's DingTalk message");
        Assert.Contains($"revision {second}", JsonNode.Parse(_robot.Requests[1].Body)!["markdown"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        await _h.EventuallyAsync(() => _smtp.MessageCount == 2, "the second commit's e-mail");

        await _h.StopServerAsync();
        await _h.StartServerAsync(o => o with { Settings = settings });
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web"), "web Synced and Healthy after the restart");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(2, _robot.Requests.Count);
        Assert.Equal(2, _smtp.MessageCount);
        Assert.Equal(0, _h.Server!.Notifications!.Counters.Delivered("team-robot"));
        Assert.DoesNotContain(RobotToken, _smtp.Output, StringComparison.Ordinal);
    }

    // DingTalk's signature: Base64(HMAC-SHA256(secret, timestamp + "\n" + secret)), URL-encoded, beside the access token.
    private static void AssertSigned(string pathAndQuery)
    {
        Assert.StartsWith($"/robot/send?access_token={RobotToken}&timestamp=", pathAndQuery, StringComparison.Ordinal);
        var query = pathAndQuery[(pathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&')
            .ToDictionary(p => p[..p.IndexOf('=', StringComparison.Ordinal)], p => Uri.UnescapeDataString(p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..]));
        var timestamp = query["timestamp"];
        Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(RobotSecret), Encoding.UTF8.GetBytes(timestamp + "\n" + RobotSecret)));
        Assert.Equal(expected, query["sign"]);
    }

    private async Task<HawserSettings> SettingsAsync()
    {
        var dir = _h.DataDirectory + "-settings";
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "notifications.yaml"), $$$"""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-notifications-cm}
            data:
              context: |
                argocdUrl: https://hawser.example.com
              service.dingtalk.team-robot: |
                url: $robot-url
                secret: $robot-secret
              service.email.mail: |
                host: 127.0.0.1
                port: {{{_smtp.Port}}}
                from: hawser@example.com
              template.commit-deployed: |
                message: |
                  ### {{.app.metadata.name}} deployed
                  revision {{.app.status.sync.revision}}, project {{.app.spec.project}}, {{.context.argocdUrl}}/applications/{{.app.metadata.name}}
                dingtalk:
                  msgType: markdown
                  title: "{{.app.metadata.name}} deployed"
                email:
                  subject: "{{.app.metadata.name}} deployed {{.app.status.sync.revision | trunc 7}}"
              trigger.on-commit-deployed: |
                - description: Synced and healthy, once per commit
                  when: app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'
                  oncePer: app.status.sync.revision
                  send: [commit-deployed]
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: argocd-notifications-secret}
            stringData:
              robot-url: {{{_robot.Url}}}/robot/send?access_token={{{RobotToken}}}
              robot-secret: {{{RobotSecret}}}
            """);
        return await HawserSettings.LoadAsync(new DirectorySettingsSource(dir), CancellationToken.None);
    }
}
