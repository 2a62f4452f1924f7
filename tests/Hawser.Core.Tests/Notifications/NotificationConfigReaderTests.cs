using Hawser.Notifications;
using Hawser.Settings;

namespace Hawser.Core.Tests.Notifications;

public sealed class NotificationConfigReaderTests
{
    [Fact]
    public void Services_templates_triggers_and_subscriptions_are_read_as_Argo_CD_writes_them()
    {
        var config = NotificationTestConfig.Read(new Dictionary<string, string>
        {
            ["service.slack"] = "token: $slack-token\nusername: hawser",
            ["service.webhook.github"] = "url: https://api.github.com\nheaders:\n- name: Authorization\n  value: token $gh",
            ["template.my-template"] = "message: hello {{.app.metadata.name}}\nslack:\n  attachments: '[]'",
            ["trigger.on-my-event"] = "- when: app.status.sync.status == 'OutOfSync'\n  send: [my-template]\n  description: drifted",
            ["subscriptions"] = "- recipients: [slack:deploys, 'email:ops@example.com']\n  triggers: [on-my-event]\n  selector: team=web",
            ["defaultTriggers"] = "- on-sync-failed\n- on-health-degraded",
            ["defaultTriggers.slack"] = "[on-deployed]",
            ["context"] = "argocdUrl: https://cd.example.com",
        }, new Dictionary<string, string> { ["slack-token"] = "xoxb-secret-token" });

        Assert.Equal(["github", "slack"], config.Services.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("webhook", config.Services["github"].Type);
        Assert.Equal("xoxb-secret-token", config.Services["slack"].String("token"));
        Assert.Equal("token $gh", config.Services["github"].Node("headers")![0]!["value"]!.GetValue<string>());
        Assert.DoesNotContain("xoxb", config.Services["slack"].ToString(), StringComparison.Ordinal);
        Assert.Equal("a *** here", config.Services["slack"].Redact("a xoxb-secret-token here"));
        Assert.Equal("drifted", config.Triggers["on-my-event"].Conditions[0].Description);
        Assert.Contains("on-deployed", config.Triggers.Keys);
        Assert.Contains("app-deployed", config.Templates.Keys);
        var subscription = Assert.Single(config.Subscriptions);
        Assert.Equal([new Destination("slack", "deploys"), new Destination("email", "ops@example.com")], subscription.Recipients);
        Assert.Equal(["on-deployed"], config.DefaultTriggersFor("slack"));
        Assert.Equal(["on-sync-failed", "on-health-degraded"], config.DefaultTriggersFor("email"));
        Assert.Equal("https://cd.example.com", config.Context["argocdUrl"]);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void A_trigger_of_the_ConfigMap_replaces_the_default_of_the_same_name()
    {
        var config = NotificationTestConfig.Read(new Dictionary<string, string>
        {
            ["template.mine"] = "message: x",
            ["trigger.on-deployed"] = "when: app.status.sync.status == 'Synced'\nsend: [mine]",
        });
        var condition = Assert.Single(config.Triggers["on-deployed"].Conditions);
        Assert.Equal(["mine"], condition.Send);
        Assert.Null(condition.OncePer);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_naming_the_key_and_never_a_secret()
    {
        var e = Assert.Throws<SettingsException>(() => NotificationTestConfig.Read(new Dictionary<string, string>
        {
            ["service.slack"] = "token: $missing-key",
            ["service.email"] = "password: $mail-password\nhost: [unclosed",
            ["template.broken"] = "message: '{{ .app.metadata.name '",
            ["trigger.on-bad"] = "- when: app.status ==\n  send: [nowhere]",
            ["subscriptions"] = "- recipients: []\n  selector: 'team in web'",
        }, new Dictionary<string, string> { ["mail-password"] = "hunter2-mail" }));
        var text = string.Join("\n", e.Problems);
        Assert.Contains("argocd-notifications-cm: service.slack: token: refers to key 'missing-key' of argocd-notifications-secret, which has no such key", text, StringComparison.Ordinal);
        Assert.Contains("service.email", text, StringComparison.Ordinal);
        Assert.Contains("template.broken: message", text, StringComparison.Ordinal);
        Assert.Contains("trigger.on-bad[0]", text, StringComparison.Ordinal);
        Assert.Contains("template 'nowhere' is not defined", text, StringComparison.Ordinal);
        Assert.Contains("subscriptions[0].recipients: required", text, StringComparison.Ordinal);
        Assert.Contains("subscriptions[0].selector", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_and_services_Hawser_does_not_act_on_are_warnings()
    {
        var config = NotificationTestConfig.Read(new Dictionary<string, string>
        {
            ["service.opsgenie"] = "apiUrl: https://api.opsgenie.com",
            ["template.t"] = "message: x\nopsgenie: {description: y}",
            ["something"] = "else",
        });
        Assert.Empty(config.Services);
        Assert.Equal(["service.opsgenie", "something", "template.t: opsgenie"], config.Warnings.Select(w => w.Key).Order(StringComparer.Ordinal));
    }
}
