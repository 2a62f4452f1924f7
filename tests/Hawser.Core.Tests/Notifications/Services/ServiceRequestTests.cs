using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hawser.Notifications;
using Hawser.Testing;

namespace Hawser.Core.Tests.Notifications.Services;

/// <summary>Each chat service receives exactly the request its API documents (a local receiver stands in for it).</summary>
public sealed class ServiceRequestTests : IDisposable
{
    private readonly HttpReceiver _receiver = HttpReceiver.Start();

    public void Dispose() => _receiver.Dispose();

    private async Task<ReceivedRequest> SendAsync(Dictionary<string, string> data, string template, Destination destination, Dictionary<string, string>? secrets = null)
    {
        using var engine = NotificationTestConfig.Engine(NotificationTestConfig.Read(data, secrets));
        var notification = engine.Render(template, NotificationTestConfig.App(phase: "Succeeded", revision: "abc123"), destination, new Dictionary<string, CommitMetadata>(), CancellationToken.None);
        await engine.DeliverAsync(notification, destination, CancellationToken.None);
        Assert.Equal(1, engine.Counters.Delivered(destination.Service));
        return Assert.Single(_receiver.Requests);
    }

    private static JsonNode Json(string text) => JsonNode.Parse(text)!;

    [Fact]
    public async Task A_webhook_sends_the_templates_method_path_body_and_the_services_headers_and_basic_auth()
    {
        var request = await SendAsync(new()
        {
            ["service.webhook.github"] = $"""
                url: {_receiver.Url}/api
                headers:
                - name: Content-Type
                  value: application/json
                - name: X-Token
                  value: $hook-token
                basicAuth: {"{"}username: bot, password: $hook-password{"}"}
                """,
            ["template.status"] = """
                webhook:
                  github:
                    method: POST
                    path: /repos/{{call .repo.FullNameByRepoURL .app.spec.source.repoURL}}/statuses/{{.app.status.operationState.syncResult.revision}}
                    body: |
                      {"state": "success", "context": "hawser/{{.app.metadata.name}}"}
                """,
        }, "status", new Destination("github", ""), new() { ["hook-token"] = "tok-123", ["hook-password"] = "pw-456" });

        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/repos/example/guestbook/statuses/abc123", request.PathAndQuery);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("tok-123", request.Header("X-Token"));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bot:pw-456")), request.Header("Authorization"));
        Assert.Equal("{\"state\": \"success\", \"context\": \"hawser/guestbook\"}", request.Body);
    }

    [Fact]
    public async Task A_webhook_not_named_by_the_template_receives_nothing()
    {
        using var engine = NotificationTestConfig.Engine(NotificationTestConfig.Read(new()
        {
            ["service.webhook.other"] = $"url: {_receiver.Url}",
            ["template.t"] = "message: x\nwebhook:\n  github: {method: POST, body: x}",
        }));
        var notification = engine.Render("t", NotificationTestConfig.App(), new Destination("other", ""), new Dictionary<string, CommitMetadata>(), CancellationToken.None);
        await engine.DeliverAsync(notification, new Destination("other", ""), CancellationToken.None);
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task Slack_with_a_bot_token_posts_chat_postMessage_to_the_channel()
    {
        _receiver.DefaultBody = """{"ok":true}""";
        var request = await SendAsync(new()
        {
            ["service.slack"] = $"token: $slack-token\napiURL: {_receiver.Url}/api/\nusername: Hawser\nicon: \":rocket:\"",
            ["template.t"] = "message: '{{.app.metadata.name}} synced'\nslack:\n  attachments: '[{\"title\": \"{{.app.metadata.name}}\", \"color\": \"#18be52\"}]'",
        }, "t", new Destination("slack", "deploys"), new() { ["slack-token"] = "xoxb-1-2" });

        Assert.Equal("/api/chat.postMessage", request.PathAndQuery);
        Assert.Equal("Bearer xoxb-1-2", request.Header("Authorization"));
        Assert.Equal("""{"channel":"deploys","text":"guestbook synced","username":"Hawser","icon_emoji":":rocket:","attachments":[{"title":"guestbook","color":"#18be52"}]}""", request.Body);
    }

    [Fact]
    public async Task Slack_refusing_the_message_is_a_failure_that_is_not_retried()
    {
        _receiver.DefaultBody = """{"ok":false,"error":"channel_not_found"}""";
        using var engine = NotificationTestConfig.Engine(NotificationTestConfig.Read(new()
        {
            ["service.slack"] = $"token: $t\napiURL: {_receiver.Url}/",
            ["template.t"] = "message: hi",
        }, new() { ["t"] = "xoxb-secret" }));
        var notification = engine.Render("t", NotificationTestConfig.App(), new Destination("slack", "nope"), new Dictionary<string, CommitMetadata>(), CancellationToken.None);
        var e = await Assert.ThrowsAsync<NotificationException>(() => engine.DeliverAsync(notification, new Destination("slack", "nope"), CancellationToken.None));
        Assert.Equal("service.slack: the service refused the message: channel_not_found", e.Message);
        Assert.Single(_receiver.Requests);
        Assert.Equal(1, engine.Counters.Failed("slack"));
    }

    [Fact]
    public async Task Slack_with_an_incoming_webhook_posts_to_the_webhook()
    {
        var request = await SendAsync(new()
        {
            ["service.slack.alerts"] = $"webhookURL: {_receiver.Url}/services/T0/B0/XYZ",
            ["template.t"] = "message: '*{{.app.metadata.name}}* is {{.app.status.health.status}}'",
        }, "t", new Destination("alerts", ""));
        Assert.Equal("/services/T0/B0/XYZ", request.PathAndQuery);
        Assert.Equal("""{"text":"*guestbook* is Healthy"}""", request.Body);
    }

    [Fact]
    public async Task DingTalk_sends_text_by_default_and_mentions_the_recipient()
    {
        _receiver.DefaultBody = """{"errcode":0,"errmsg":"ok"}""";
        var request = await SendAsync(new()
        {
            ["service.dingtalk"] = $"url: {_receiver.Url}/robot/send?access_token=abc",
            ["template.t"] = "message: 应用 {{.app.metadata.name}} 同步成功",
        }, "t", new Destination("dingtalk", "13800000000"));
        Assert.Equal("/robot/send?access_token=abc", request.PathAndQuery);
        Assert.Equal("""{"msgtype":"text","text":{"content":"应用 guestbook 同步成功"},"at":{"atMobiles":["13800000000"]}}""", request.Body);
    }

    [Fact]
    public async Task DingTalk_errcode_in_a_200_answer_is_a_failure_without_the_token()
    {
        _receiver.DefaultBody = """{"errcode":310000,"errmsg":"sign not match, more: [https://example/robot/send?access_token=abc]"}""";
        using var engine = NotificationTestConfig.Engine(NotificationTestConfig.Read(new()
        {
            ["service.dingtalk"] = "url: $robot",
            ["template.t"] = "message: hi",
        }, new() { ["robot"] = $"{_receiver.Url}/robot/send?access_token=abc" }));
        var notification = engine.Render("t", NotificationTestConfig.App(), new Destination("dingtalk", ""), new Dictionary<string, CommitMetadata>(), CancellationToken.None);
        var e = await Assert.ThrowsAsync<NotificationException>(() => engine.DeliverAsync(notification, new Destination("dingtalk", ""), CancellationToken.None));
        Assert.StartsWith("service.dingtalk: the service refused the message: errcode 310000: sign not match", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeCom_sends_markdown_content()
    {
        _receiver.DefaultBody = """{"errcode":0,"errmsg":"ok"}""";
        var request = await SendAsync(new()
        {
            ["service.wecom"] = $"url: {_receiver.Url}/cgi-bin/webhook/send?key=k-1",
            ["template.t"] = """
                message: |-
                  ### {{.app.metadata.name}}
                  > <font color="info">{{.app.status.sync.status}}</font>
                wecom: {msgType: markdown}
                """,
        }, "t", new Destination("wecom", ""));
        Assert.Equal("/cgi-bin/webhook/send?key=k-1", request.PathAndQuery);
        Assert.Equal("""{"msgtype":"markdown","markdown":{"content":"### guestbook\n> <font color=\"info\">Synced</font>"}}""", request.Body);
    }

    [Fact]
    public async Task Feishu_signs_with_its_secret_when_one_is_set()
    {
        _receiver.DefaultBody = """{"code":0,"msg":"success"}""";
        var request = await SendAsync(new()
        {
            ["service.feishu"] = $"url: {_receiver.Url}/open-apis/bot/v2/hook/h-1\nsecret: $feishu-secret",
            ["template.t"] = "message: '{{.app.metadata.name}} deployed'",
        }, "t", new Destination("feishu", ""), new() { ["feishu-secret"] = "fs-secret" });
        Assert.Equal("/open-apis/bot/v2/hook/h-1", request.PathAndQuery);
        var timestamp = NotificationTestConfig.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(timestamp + "\nfs-secret"), Array.Empty<byte>()));
        Assert.Equal($$$"""{"timestamp":"{{{timestamp}}}","sign":"{{{sign}}}","msg_type":"text","content":{"text":"guestbook deployed"}}""", request.Body);
    }

    [Fact]
    public async Task Lark_sends_an_interactive_card_without_a_signature_when_no_secret_is_set()
    {
        _receiver.DefaultBody = """{"StatusCode":0,"StatusMessage":"success"}""";
        var request = await SendAsync(new()
        {
            ["service.lark.team"] = $"url: {_receiver.Url}/hook",
            ["template.t"] = "feishu:\n  msgType: interactive\n  card: '{\"header\": {\"title\": {\"tag\": \"plain_text\", \"content\": \"{{.app.metadata.name}}\"}}}'",
        }, "t", new Destination("team", ""));
        Assert.Equal("""{"msg_type":"interactive","card":{"header":{"title":{"tag":"plain_text","content":"guestbook"}}}}""", request.Body);
    }

    [Fact]
    public async Task Teams_posts_a_message_card_to_the_recipients_webhook()
    {
        var request = await SendAsync(new()
        {
            ["service.teams"] = $"recipientUrls:\n  channel-a: {_receiver.Url}/webhookb2/a\n  channel-b: {_receiver.Url}/webhookb2/b",
            ["template.t"] = """
                message: "{{.app.metadata.name}} synced"
                teams:
                  title: Deployed
                  themeColor: "#000080"
                  facts: '[{"name": "Revision", "value": "{{.app.status.sync.revision}}"}]'
                  potentialAction: '[{"@type": "OpenUri", "name": "Open", "targets": [{"os": "default", "uri": "https://cd/{{.app.metadata.name}}"}]}]'
                """,
        }, "t", new Destination("teams", "channel-b"));
        Assert.Equal("/webhookb2/b", request.PathAndQuery);
        Assert.Equal("""{"@type":"MessageCard","@context":"https://schema.org/extensions","text":"guestbook synced","title":"Deployed","themeColor":"#000080","sections":[{"facts":[{"name":"Revision","value":"abc123"}]}],"potentialAction":[{"@type":"OpenUri","name":"Open","targets":[{"os":"default","uri":"https://cd/guestbook"}]}]}""", request.Body);
    }

    [Theory]
    [InlineData("-1001234567890", "-1001234567890")]
    [InlineData("my_channel", "\"@my_channel\"")]
    public async Task Telegram_sends_to_a_chat_id_or_a_channel_username(string recipient, string chatJson)
    {
        _receiver.DefaultBody = """{"ok":true,"result":{}}""";
        var request = await SendAsync(new()
        {
            ["service.telegram"] = $"token: $tg\napiURL: {_receiver.Url}",
            ["template.t"] = "message: '*{{.app.metadata.name}}* synced'",
        }, "t", new Destination("telegram", recipient), new() { ["tg"] = "123:ABC" });
        Assert.Equal("/bot123:ABC/sendMessage", request.PathAndQuery);
        Assert.Equal($$"""{"chat_id":{{chatJson}},"text":"*guestbook* synced","parse_mode":"Markdown"}""", request.Body);
    }

    [Fact]
    public async Task A_server_error_is_retried_and_then_delivered()
    {
        _receiver.Enqueue(503, "busy");
        _receiver.Enqueue(502, "busy");
        var request = await Task.Run(async () =>
        {
            using var engine = NotificationTestConfig.Engine(NotificationTestConfig.Read(new()
            {
                ["service.webhook.hook"] = $"url: {_receiver.Url}",
                ["template.t"] = "webhook:\n  hook: {method: PUT, body: '{{.app.metadata.name}}'}",
            }), TimeProvider.System);
            var notification = engine.Render("t", NotificationTestConfig.App(), new Destination("hook", ""), new Dictionary<string, CommitMetadata>(), CancellationToken.None);
            await engine.DeliverAsync(notification, new Destination("hook", ""), CancellationToken.None);
            Assert.Equal((1, 0), (engine.Counters.Delivered("hook"), engine.Counters.Failed("hook")));
            return _receiver.Requests;
        });
        Assert.Equal(3, request.Count);
        Assert.All(request, r => Assert.Equal("guestbook", r.Body));
    }

    [Fact]
    public async Task A_delivery_that_keeps_failing_stops_after_the_policys_attempts_and_names_no_secret()
    {
        for (var i = 0; i < 5; i++) _receiver.Enqueue(500, "token robot-token-xyz rejected");
        using var engine = NotificationTestConfig.Engine(NotificationTestConfig.Read(new()
        {
            ["service.dingtalk"] = "url: $robot",
            ["template.t"] = "message: hi",
        }, new() { ["robot"] = $"{_receiver.Url}/robot/send?access_token=robot-token-xyz" }), TimeProvider.System);
        var notification = engine.Render("t", NotificationTestConfig.App(), new Destination("dingtalk", ""), new Dictionary<string, CommitMetadata>(), CancellationToken.None);
        var e = await Assert.ThrowsAsync<NotificationException>(() => engine.DeliverAsync(notification, new Destination("dingtalk", ""), CancellationToken.None));
        Assert.Equal("service.dingtalk: HTTP 500 Internal Server Error: token *** rejected", e.Message);
        Assert.Equal(3, _receiver.Requests.Count);
        Assert.Equal(1, engine.Counters.Failed("dingtalk"));
    }
}
