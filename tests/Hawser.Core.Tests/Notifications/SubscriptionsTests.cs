using Hawser.Notifications;

namespace Hawser.Core.Tests.Notifications;

public sealed class SubscriptionsTests
{
    private static readonly NotificationConfig Config = NotificationTestConfig.Read(new Dictionary<string, string>
    {
        ["defaultTriggers"] = "[on-sync-failed, on-health-degraded]",
        ["defaultTriggers.telegram"] = "[on-deployed]",
        ["subscriptions"] = """
            - recipients: [slack:platform]
              triggers: [on-sync-status-unknown]
              selector: team in (web, api), env!=dev
            - recipients: ['email:oncall@example.com']
            """,
    });

    [Fact]
    public void App_and_project_annotations_and_matching_global_subscriptions_are_merged()
    {
        var result = Subscriptions.Resolve(Config,
            new Dictionary<string, string>
            {
                ["notifications.argoproj.io/subscribe.on-deployed.slack"] = "deploys; releases",
                ["notifications.argoproj.io/subscribe.on-deployed.webhook-ci"] = "",
                ["notifications.argoproj.io/subscribe.telegram"] = "-100123",
                ["unrelated/annotation"] = "x",
            },
            new Dictionary<string, string> { ["notifications.argoproj.io/subscribe.on-deployed.slack"] = "deploys" },
            new Dictionary<string, string> { ["team"] = "web" });

        Assert.Equal(["on-deployed", "on-health-degraded", "on-sync-failed", "on-sync-status-unknown"], result.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([new("slack", "deploys"), new("slack", "releases"), new("telegram", "-100123"), new("webhook-ci", "")], result["on-deployed"]);
        Assert.Equal([new Destination("slack", "platform")], result["on-sync-status-unknown"]);
        Assert.Equal([new Destination("email", "oncall@example.com")], result["on-sync-failed"]);
    }

    [Fact]
    public void A_global_subscription_whose_selector_does_not_match_adds_nothing()
    {
        var result = Subscriptions.Resolve(Config, new Dictionary<string, string>(), null, new Dictionary<string, string> { ["team"] = "web", ["env"] = "dev" });
        Assert.False(result.ContainsKey("on-sync-status-unknown"));
        Assert.True(result.ContainsKey("on-sync-failed"));
    }

    [Theory]
    [InlineData("team=web", true)]
    [InlineData("team==web,tier", true)]
    [InlineData("team!=web", false)]
    [InlineData("!tier", false)]
    [InlineData("team notin (api)", true)]
    [InlineData("missing in (x)", false)]
    public void Label_selectors_read_as_Kubernetes_writes_them(string selector, bool matches) =>
        Assert.Equal(matches, LabelSelectorText.Parse(selector).Matches(new Dictionary<string, string> { ["team"] = "web", ["tier"] = "front" }));
}
