using Hawser.State;

namespace Hawser.Core.Tests.State;

public sealed class NotificationSentStoreTests
{
    private static NotificationKey Key(string oncePer = "", string app = "web") => new(app, "on-deployed", "0", "slack:deploys", oncePer);

    [Fact]
    public async Task What_was_sent_is_still_known_after_the_store_is_reopened()
    {
        await using var f = await StoreFixture.OpenAsync("file");
        await f.Store.Notifications.MarkSentAsync(Key("abc"), f.Time.GetUtcNow(), 10, CancellationToken.None);
        await f.ReopenAsync();
        Assert.True(await f.Store.Notifications.WasSentAsync(Key("abc"), CancellationToken.None));
        Assert.False(await f.Store.Notifications.WasSentAsync(Key("def"), CancellationToken.None));
        Assert.Equal(["web"], await f.Store.Notifications.ListNotifiedAppsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Clearing_a_key_allows_it_again_and_says_whether_there_was_one()
    {
        await using var f = await StoreFixture.OpenAsync("memory");
        await f.Store.Notifications.MarkSentAsync(Key(), f.Time.GetUtcNow(), 10, CancellationToken.None);
        Assert.True(await f.Store.Notifications.ClearSentAsync(Key(), CancellationToken.None));
        Assert.False(await f.Store.Notifications.ClearSentAsync(Key(), CancellationToken.None));
        Assert.False(await f.Store.Notifications.WasSentAsync(Key(), CancellationToken.None));
    }

    [Fact]
    public async Task Only_the_newest_oncePer_values_of_a_condition_are_kept()
    {
        await using var f = await StoreFixture.OpenAsync("memory");
        foreach (var revision in new[] { "r1", "r2", "r3" })
        {
            await f.Store.Notifications.MarkSentAsync(Key(revision), f.Time.GetUtcNow(), 2, CancellationToken.None);
            f.Time.Advance(TimeSpan.FromMinutes(1));
        }
        await f.Store.Notifications.MarkSentAsync(Key("r1", app: "other"), f.Time.GetUtcNow(), 2, CancellationToken.None);
        Assert.False(await f.Store.Notifications.WasSentAsync(Key("r1"), CancellationToken.None));
        Assert.True(await f.Store.Notifications.WasSentAsync(Key("r2"), CancellationToken.None));
        Assert.True(await f.Store.Notifications.WasSentAsync(Key("r3"), CancellationToken.None));
        Assert.True(await f.Store.Notifications.WasSentAsync(Key("r1", app: "other"), CancellationToken.None));
    }

    [Fact]
    public async Task Forgetting_an_app_drops_its_records_only()
    {
        await using var f = await StoreFixture.OpenAsync("memory");
        await f.Store.Notifications.MarkSentAsync(Key("a"), f.Time.GetUtcNow(), 10, CancellationToken.None);
        await f.Store.Notifications.MarkSentAsync(Key("a", app: "other"), f.Time.GetUtcNow(), 10, CancellationToken.None);
        await f.Store.Notifications.ForgetNotificationsAsync("web", CancellationToken.None);
        Assert.Equal(["other"], await f.Store.Notifications.ListNotifiedAppsAsync(CancellationToken.None));
    }
}
