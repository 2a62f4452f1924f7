using Hawser.Apps;
using Hawser.Manifests;

namespace Hawser.Core.Tests.Apps;

public sealed class SyncWindowTests
{
    private static readonly DateTimeOffset Monday10 = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private static Application App(string name = "web", string ns = "team-dev") =>
        new(new ObjectMetadata(name, "argocd", new Dictionary<string, string>(), new Dictionary<string, string>(), []),
            new ApplicationSpec("team", [], false, new ApplicationDestination("https://k8s.example.com", null, ns), null, [], null, []));

    private static AppProject Windows(string windows) =>
        AppProjectRulesTests.Read("  syncWindows:\n" + windows);

    [Fact]
    public void A_window_is_open_for_its_duration_after_each_scheduled_time()
    {
        var window = Assert.Single(Windows("  - {kind: deny, schedule: '0 9 * * *', duration: 2h, applications: ['*']}\n").SyncWindows);
        Assert.True(window.IsActive(Monday10));
        Assert.True(window.IsActive(Monday10.AddMinutes(59)));
        Assert.False(window.IsActive(Monday10.AddHours(1)));
        Assert.False(window.IsActive(Monday10.AddHours(-1.5)));
    }

    [Fact]
    public void The_schedule_runs_in_the_window_time_zone()
    {
        // 09:00 in Tokyo is 00:00 UTC.
        var window = Assert.Single(Windows("  - {kind: deny, schedule: '0 9 * * *', duration: 1h, timeZone: Asia/Tokyo, applications: ['*']}\n").SyncWindows);
        Assert.False(window.IsActive(Monday10));
        Assert.True(window.IsActive(new DateTimeOffset(2026, 11, 30, 0, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void An_open_deny_window_blocks_automated_syncs_and_manual_ones_unless_manual_sync_is_set()
    {
        var project = Windows("  - {kind: deny, schedule: '0 9 * * *', duration: 2h, namespaces: ['team-*'], manualSync: true}\n");
        var automated = SyncWindowSet.CanSync(project, App(), manual: false, Monday10);
        Assert.False(automated.Allowed);
        Assert.Equal("AppProject \"team\": blocked by deny sync window spec.syncWindows[0] (deny '0 9 * * *' for 2h)", automated.Reason);
        Assert.True(SyncWindowSet.CanSync(project, App(), manual: true, Monday10).Allowed);
        Assert.True(SyncWindowSet.CanSync(project, App(ns: "other"), manual: false, Monday10).Allowed);

        var strict = Windows("  - {kind: deny, schedule: '0 9 * * *', duration: 2h, applications: ['web'], manualSync: false}\n");
        var manual = SyncWindowSet.CanSync(strict, App(), manual: true, Monday10);
        Assert.False(manual.Allowed);
        Assert.Contains("manualSync is false", manual.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apps_with_allow_windows_only_sync_while_one_is_open()
    {
        var project = Windows("  - {kind: allow, schedule: '0 22 * * *', duration: 1h, clusters: ['https://k8s.example.com']}\n");
        Assert.False(SyncWindowSet.CanSync(project, App(), manual: false, Monday10).Allowed);
        Assert.False(SyncWindowSet.CanSync(project, App(), manual: true, Monday10).Allowed);
        Assert.True(SyncWindowSet.CanSync(project, App(), manual: false, Monday10.AddHours(12.5)).Allowed);
        var manualOk = Windows("  - {kind: allow, schedule: '0 22 * * *', duration: 1h, applications: ['*'], manualSync: true}\n");
        Assert.True(SyncWindowSet.CanSync(manualOk, App(), manual: true, Monday10).Allowed);
    }

    [Fact]
    public void Bad_windows_are_errors_naming_the_field()
    {
        var yaml = """
            apiVersion: argoproj.io/v1alpha1
            kind: AppProject
            metadata: {name: team}
            spec:
              syncWindows:
              - {kind: sometimes, schedule: '0 9 * * *', duration: 1h}
              - {kind: deny, schedule: 'every day', duration: 1h}
              - {kind: deny, schedule: '0 9 * * *', duration: soon}
              - {kind: deny, schedule: '0 9 * * *', duration: 1h, timeZone: Mars/Olympus}
            """;
        var errors = ApplicationReader.Read(ManifestReader.Read(yaml, "p.yaml")).Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(errors, e => e.Contains("spec.syncWindows[0].kind: 'sometimes' is neither allow nor deny", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("spec.syncWindows[1].schedule: 'every day'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("spec.syncWindows[2].duration: 'soon'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("spec.syncWindows[3].timeZone: unknown time zone 'Mars/Olympus'", StringComparison.Ordinal));
    }
}
