using Hawser.Apps;
using Hawser.State;

namespace Hawser.Core.Tests.State;

public sealed class ParameterOverrideStoreTests
{
    [Fact]
    public async Task Overrides_survive_a_reopen_and_a_save_replaces_the_app_s_previous_ones()
    {
        await using var f = await StoreFixture.OpenAsync("file");
        var at = f.Time.GetUtcNow();
        await f.Store.ParameterOverrides.SaveAsync(new ParameterOverrideRecord("web", [new HelmParameter("image.tag", "1.0", true)], [], "image-updater", at), CancellationToken.None);
        await f.Store.ParameterOverrides.SaveAsync(new ParameterOverrideRecord("web", [new HelmParameter("image.tag", "1.1", true), new HelmParameter("n", "2", false)],
            ["nginx=nginx:1.27"], "image-updater", at.AddMinutes(1)), CancellationToken.None);
        await f.Store.ParameterOverrides.SaveAsync(new ParameterOverrideRecord("api", [], ["redis:7"], "image-updater", at), CancellationToken.None);
        await f.ReopenAsync();

        var records = await f.Store.ParameterOverrides.ListAsync(CancellationToken.None);

        Assert.Equal(["api", "web"], records.Select(r => r.App));
        var web = records[1];
        Assert.Equal([new HelmParameter("image.tag", "1.1", true), new HelmParameter("n", "2", false)], web.HelmParameters);
        Assert.Equal(["nginx=nginx:1.27"], web.KustomizeImages);
        Assert.Equal(at.AddMinutes(1), web.UpdatedAt);
    }

    [Fact]
    public async Task Deleting_an_app_s_state_forgets_its_overrides()
    {
        await using var f = await StoreFixture.OpenAsync("memory");
        await f.Store.ParameterOverrides.SaveAsync(new ParameterOverrideRecord("web", [], ["redis:7"], "image-updater", f.Time.GetUtcNow()), CancellationToken.None);
        await f.Store.ParameterOverrides.SaveAsync(new ParameterOverrideRecord("api", [], ["redis:7"], "image-updater", f.Time.GetUtcNow()), CancellationToken.None);

        await f.Store.DeleteAppStateAsync("web", CancellationToken.None);

        Assert.Equal(["api"], (await f.Store.ParameterOverrides.ListAsync(CancellationToken.None)).Select(r => r.App));
        Assert.True(await f.Store.ParameterOverrides.DeleteAsync("api", CancellationToken.None));
        Assert.False(await f.Store.ParameterOverrides.DeleteAsync("api", CancellationToken.None));
    }
}
