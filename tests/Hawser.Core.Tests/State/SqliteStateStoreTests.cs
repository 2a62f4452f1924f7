using Hawser.Manifests;
using Hawser.State;
using Hawser.Testing;

namespace Hawser.Core.Tests.State;

public sealed class SqliteStateStoreTests
{
    private static readonly ResourceKey Web = new("apps", "Deployment", "prod", "web");

    [Fact]
    public async Task An_inventory_saved_before_a_restart_is_found_after_reopening_the_database()
    {
        using var directory = new TempDirectory();
        await using (var store = await StateStores.OpenSqliteAsync(directory.Path, TimeProvider.System, CancellationToken.None))
        {
            await store.SaveInventoryAsync("guestbook", [new InventoryEntry(Web, "apps/v1")], CancellationToken.None);
        }

        await using var reopened = await StateStores.OpenSqliteAsync(directory.Path, TimeProvider.System, CancellationToken.None);
        Assert.Equal([new InventoryEntry(Web, "apps/v1")], await reopened.GetInventoryAsync("guestbook", CancellationToken.None));
    }
}
