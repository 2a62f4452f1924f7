using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Hawser.State.Sqlite;

namespace Hawser.State;

/// <summary>Opens <see cref="IStateStore"/>s.</summary>
public static class StateStores
{
    /// <summary>The database file name inside the data directory.</summary>
    public const string DatabaseFileName = "hawser.db";

    /// <summary>
    /// Opens (creating and migrating as needed) the SQLite store in <paramref name="dataDirectory"/>, file
    /// <see cref="DatabaseFileName"/>, in WAL mode with a busy timeout so several Hawser processes can share it. The directory
    /// and the database are private to their owner (<see cref="PrivateFiles"/>).
    /// </summary>
    public static async Task<IStateStore> OpenSqliteAsync(
        string dataDirectory, TimeProvider timeProvider, CancellationToken cancellationToken, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        PrivateFiles.CreateDirectory(dataDirectory);
        // Created private before SQLite opens it: SQLite gives its -wal and -shm files the database file's mode.
        var database = Path.Combine(dataDirectory, DatabaseFileName);
        PrivateFiles.EnsureFile(database);
        return await SqliteStateStore.OpenAsync(
            FileConnectionString(database), useWal: true, timeProvider,
            logger ?? NullLogger.Instance, cancellationToken);
    }

    /// <summary>A private in-memory store with the same behaviour as the SQLite file store, for tests and dry runs.</summary>
    public static async Task<IStateStore> OpenInMemoryAsync(TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = ":memory:", Pooling = false }.ToString();
        return await SqliteStateStore.OpenAsync(connectionString, useWal: false, timeProvider, NullLogger.Instance, cancellationToken);
    }

    internal static string FileConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
}
