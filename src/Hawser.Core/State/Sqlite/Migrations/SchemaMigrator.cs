using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Hawser.State.Sqlite.Migrations;

/// <summary>
/// Brings a database to the latest schema: reads <c>schema_migrations</c>, applies each missing migration in its own
/// transaction together with its row, and refuses a database written by a newer Hawser.
/// </summary>
internal sealed class SchemaMigrator(TimeProvider timeProvider, ILogger logger)
{
    /// <summary>Applies every migration up to <paramref name="targetVersion"/> (default: the latest).</summary>
    public async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken, int? targetVersion = null)
    {
        var target = targetVersion ?? MigrationCatalog.LatestVersion;
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                )
                """;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var current = await CurrentVersionAsync(connection, cancellationToken);
        if (current > MigrationCatalog.LatestVersion)
        {
            throw new StateException(
                $"the state database has schema version {current}, newer than this Hawser knows ({MigrationCatalog.LatestVersion}); upgrade Hawser");
        }

        // Every migration not applied yet, even one numbered below the highest applied (numbers may land out of order).
        var applied = await AppliedVersionsAsync(connection, cancellationToken);
        foreach (var migration in MigrationCatalog.All.Where(m => !applied.Contains(m.Version) && m.Version <= target))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using (var apply = connection.CreateCommand())
            {
                apply.Transaction = transaction;
                apply.CommandText = migration.Sql;
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $t)";
                record.Parameters.AddWithValue("$v", migration.Version);
                record.Parameters.AddWithValue("$n", migration.Name);
                record.Parameters.AddWithValue("$t", timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            StateLog.MigrationApplied(logger, migration.Version, migration.Name);
        }
    }

    private static async Task<HashSet<int>> AppliedVersionsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT version FROM schema_migrations";
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken)) versions.Add(reader.GetInt32(0));
        return versions;
    }

    /// <summary>The highest applied version, 0 for an empty database.</summary>
    public static async Task<int> CurrentVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
        return Convert.ToInt32(await query.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
