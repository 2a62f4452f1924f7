using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Core.Tests.State;
using Hawser.Notifications;
using Hawser.Templates;

namespace Hawser.Core.Tests.Notifications;

public sealed class TriggerTests
{
    private static readonly NotificationEngine Defaults = NotificationTestConfig.Engine(NotificationTestConfig.Read(new Dictionary<string, string>()));

    public static TheoryData<string, JsonObject, bool> DefaultCases() => new()
    {
        { "on-created", NotificationTestConfig.App(), true },
        { "on-deleted", NotificationTestConfig.App(), false },
        { "on-deleted", NotificationTestConfig.App(deleting: true), true },
        { "on-deployed", NotificationTestConfig.App(), false },
        { "on-deployed", NotificationTestConfig.App(phase: "Succeeded"), true },
        { "on-deployed", NotificationTestConfig.App(phase: "Succeeded", health: "Progressing"), false },
        { "on-health-degraded", NotificationTestConfig.App(health: "Degraded"), true },
        { "on-health-degraded", NotificationTestConfig.App(), false },
        { "on-sync-failed", NotificationTestConfig.App(phase: "Failed"), true },
        { "on-sync-failed", NotificationTestConfig.App(phase: "Error"), true },
        { "on-sync-failed", NotificationTestConfig.App(phase: "Succeeded"), false },
        { "on-sync-running", NotificationTestConfig.App(phase: "Running"), true },
        { "on-sync-running", NotificationTestConfig.App(), false },
        { "on-sync-status-unknown", NotificationTestConfig.App(sync: "Unknown"), true },
        { "on-sync-status-unknown", NotificationTestConfig.App(sync: "OutOfSync"), false },
        { "on-sync-succeeded", NotificationTestConfig.App(phase: "Succeeded", health: "Degraded"), true },
        { "on-sync-succeeded", NotificationTestConfig.App(phase: "Running"), false },
    };

    [Theory]
    [MemberData(nameof(DefaultCases))]
    public void The_default_triggers_hold_when_Argo_CDs_catalogue_says_they_do(string trigger, JsonObject app, bool expected)
    {
        var result = Assert.Single(Defaults.RunTrigger(trigger, app, new Dictionary<string, CommitMetadata>()));
        Assert.Equal(expected, result.Triggered);
    }

    [Fact]
    public void The_default_on_deployed_notifies_once_per_synced_revision_and_on_created_once_per_app()
    {
        var app = NotificationTestConfig.App(phase: "Succeeded", revision: "aaaa");
        Assert.Equal("aaaa", Defaults.RunTrigger("on-deployed", app, new Dictionary<string, CommitMetadata>())[0].OncePer);
        Assert.Equal("guestbook", Defaults.RunTrigger("on-created", app, new Dictionary<string, CommitMetadata>())[0].OncePer);
    }

    [Fact]
    public void A_once_per_value_that_is_a_map_or_a_list_is_the_JSON_the_serializer_writes_for_it()
    {
        const string source = """{"b": [1, 2.5, "x<é", nil, true, duration("90s")], "a": {"c": "d", "e": [now() > now(), 7]}}""";
        var env = new Dictionary<string, object?>();
        var trigger = new Trigger("t", [new TriggerCondition(0, ExprProgram.Compile("true"), ["x"], ExprProgram.Compile(source), "")]);

        var result = Assert.Single(TriggerEvaluator.Evaluate(trigger, env));

        Assert.Equal(JsonSerializer.Serialize(ExprProgram.Compile(source).Evaluate(env)), result.OncePer);
        Assert.Contains("[1,2.5,", result.OncePer, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_default_trigger_sends_a_template_that_renders_for_its_event()
    {
        var engine = NotificationTestConfig.Engine(NotificationTestConfig.Read(new Dictionary<string, string> { ["service.webhook.hook"] = "url: http://127.0.0.1:9" }));
        foreach (var (trigger, conditions) in engine.Config.Triggers)
        {
            var template = Assert.Single(Assert.Single(conditions.Conditions).Send);
            var rendered = engine.Render(template, NotificationTestConfig.App(phase: "Failed", health: "Degraded", sync: "Unknown", deleting: true),
                new Destination("hook", ""), new Dictionary<string, CommitMetadata>(), CancellationToken.None);
            Assert.Contains("guestbook", rendered.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("<no value>", rendered.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_condition_can_measure_time_since_the_operation_started()
    {
        var time = new ManualTimeProvider(NotificationTestConfig.Now);
        var engine = NotificationTestConfig.Engine(NotificationTestConfig.Read(new Dictionary<string, string>
        {
            ["template.slow"] = "message: slow",
            ["trigger.on-slow-sync"] = "- when: app.status.operationState.phase in ['Running'] and time.Now().Sub(time.Parse(app.status.operationState.startedAt)).Minutes() >= 5\n  send: [slow]",
        }, time: time), time);
        Assert.True(engine.RunTrigger("on-slow-sync", NotificationTestConfig.App(phase: "Running", startedAt: "2026-05-04T10:20:00Z"), new Dictionary<string, CommitMetadata>())[0].Triggered);
        Assert.False(engine.RunTrigger("on-slow-sync", NotificationTestConfig.App(phase: "Running", startedAt: "2026-05-04T10:27:00Z"), new Dictionary<string, CommitMetadata>())[0].Triggered);
    }

    [Fact]
    public void A_condition_that_cannot_be_evaluated_names_the_trigger()
    {
        var engine = NotificationTestConfig.Engine(NotificationTestConfig.Read(new Dictionary<string, string>
        {
            ["template.t"] = "message: x",
            ["trigger.on-x"] = "- when: app.status.operationState.phase == 'Running'\n  send: [t]",
        }));
        var e = Assert.Throws<NotificationException>(() => engine.RunTrigger("on-x", NotificationTestConfig.App(), new Dictionary<string, CommitMetadata>()));
        Assert.StartsWith("trigger.on-x[0]: cannot fetch phase from <nil>", e.Message, StringComparison.Ordinal);
    }
}
