using Hawser.AppSets;
using Hawser.Health;
using Hawser.State;

namespace Hawser.Core.Tests.AppSets;

public sealed class RollingSyncTests
{
    private static readonly RollingSyncStrategy TwoSteps = new(
    [
        new RollingSyncStep([new LabelRequirement("env", "In", ["dev"])], null),
        new RollingSyncStep([new LabelRequirement("env", "In", ["prod"])], new MaxUpdate(1, false)),
    ]);

    private static RollingSyncApp App(string name, string env, AppSyncStatus sync, HealthStatus health = HealthStatus.Healthy, bool running = false) =>
        new(name, new Dictionary<string, string> { ["env"] = env }, sync, health, running);

    [Fact]
    public void Only_the_first_step_may_sync_while_it_is_not_synced_and_healthy()
    {
        var plan = RollingSync.Evaluate(TwoSteps, [App("d1", "dev", AppSyncStatus.OutOfSync), App("d2", "dev", AppSyncStatus.Synced, HealthStatus.Progressing), App("p1", "prod", AppSyncStatus.OutOfSync)]);

        Assert.Equal(0, plan.CurrentStep);
        Assert.Equal(["d1"], plan.MaySync);
        Assert.False(plan.Steps[0].Complete);
    }

    [Fact]
    public void The_next_step_opens_when_every_app_of_the_previous_steps_is_synced_and_healthy_within_max_update()
    {
        var plan = RollingSync.Evaluate(TwoSteps, [App("d1", "dev", AppSyncStatus.Synced), App("p1", "prod", AppSyncStatus.OutOfSync), App("p2", "prod", AppSyncStatus.Unknown)]);

        Assert.Equal(1, plan.CurrentStep);
        Assert.Equal(["p1"], plan.MaySync);
    }

    [Fact]
    public void An_updating_app_uses_up_max_update_and_a_running_sync_counts_as_updating()
    {
        var progressing = RollingSync.Evaluate(TwoSteps, [App("d1", "dev", AppSyncStatus.Synced), App("p1", "prod", AppSyncStatus.Synced, HealthStatus.Progressing), App("p2", "prod", AppSyncStatus.OutOfSync)]);
        var running = RollingSync.Evaluate(TwoSteps, [App("d1", "dev", AppSyncStatus.Synced), App("p1", "prod", AppSyncStatus.OutOfSync, running: true), App("p2", "prod", AppSyncStatus.OutOfSync)]);

        Assert.Empty(progressing.MaySync);
        Assert.Empty(running.MaySync);
    }

    [Theory]
    [InlineData(0, false, 4, 0)]
    [InlineData(50, true, 4, 2)]
    [InlineData(10, true, 4, 1)]
    [InlineData(100, true, 3, 3)]
    [InlineData(2, false, 4, 2)]
    public void Max_update_is_a_count_or_a_percentage_rounded_down_but_at_least_one(int value, bool percent, int apps, int expected)
    {
        var strategy = new RollingSyncStrategy([new RollingSyncStep([], new MaxUpdate(value, percent))]);
        var plan = RollingSync.Evaluate(strategy, Enumerable.Range(0, apps).Select(i => App($"a{i}", "any", AppSyncStatus.OutOfSync)).ToList());

        Assert.Equal(expected, plan.MaySync.Count);
    }

    [Fact]
    public void Apps_no_step_selects_are_never_synced_and_reported()
    {
        var plan = RollingSync.Evaluate(TwoSteps, [App("d1", "dev", AppSyncStatus.Synced), App("p1", "prod", AppSyncStatus.Synced), App("x", "staging", AppSyncStatus.OutOfSync)]);

        Assert.Null(plan.CurrentStep);
        Assert.Empty(plan.MaySync);
        Assert.Equal(["x"], plan.NotInAnyStep);
    }
}
