using Hawser.Settings;

namespace Hawser.Server.Tests.Controller;

/// <summary>Argo CD's settings objects, read from a settings directory, change what the server does.</summary>
public sealed class SettingsTests : IAsyncLifetime
{
    private ServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ServerHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_Lua_health_check_from_argocd_cm_decides_an_apps_health()
    {
        var settingsDir = Path.Combine(_h.DataDirectory + "-settings");
        Directory.CreateDirectory(settingsDir);
        await File.WriteAllTextAsync(Path.Combine(settingsDir, "argocd-cm.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-cm, namespace: argocd}
            data:
              resource.customizations.health._ConfigMap: |
                hs = {}
                if obj.data ~= nil and obj.data.value == "broken" then
                  hs.status = "Degraded"
                  hs.message = "the value says it is broken"
                else
                  hs.status = "Healthy"
                end
                return hs
            """);
        var settings = await HawserSettings.LoadAsync(new DirectorySettingsSource(settingsDir), CancellationToken.None);
        await _h.Repo.Write("apps/ok.yaml", _h.Application("ok", "ok", "ok"))
            .Write("apps/bad.yaml", _h.Application("bad", "bad", "bad", syncPolicy: "automated: {prune: true}"))
            .Write("ok/cm.yaml", ServerHarness.ConfigMap("settings", "fine"))
            .Write("bad/cm.yaml", ServerHarness.ConfigMap("settings", "broken")).CommitAsync("two apps", CancellationToken.None);
        await _h.StartServerAsync(o => o with { Settings = settings });

        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("ok"), "ok Synced and Healthy");
        await _h.EventuallyAsync(() => _h.Controller.StatusOf("bad") is { Health.Status: Health.HealthStatus.Degraded }, "bad Degraded by the custom check");
        Assert.Contains("broken", _h.Controller.StatusOf("bad")!.Health.Message, StringComparison.Ordinal);
    }
}
