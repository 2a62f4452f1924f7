using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Hawser.State.Sqlite.Migrations;

namespace Hawser.State.Sqlite;

/// <summary>
/// <see cref="IStateStore"/> on one SQLite connection (WAL journal, busy timeout, foreign keys), guarded by a gate so
/// calls from several threads run one at a time. Each public method is one transaction. Split by area into partial files.
/// </summary>
internal sealed partial class SqliteStateStore : IStateStore
{
    private const int BusyTimeoutMilliseconds = 5000;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AppLocks _locks;

    private SqliteStateStore(SqliteConnection connection, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _time = time;
        _logger = logger;
        // A file database locks apps with files beside it; an in-memory one within the process.
        var file = connection.DataSource;
        _locks = new AppLocks(string.IsNullOrEmpty(file) || file == ":memory:" ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "locks"));
    }

    public Task<IAsyncDisposable?> TryLockAppAsync(string app, CancellationToken cancellationToken) => Task.FromResult(_locks.TryAcquire(app));

    /// <summary>Opens (creating if needed) and migrates the database behind <paramref name="connectionString"/>.</summary>
    public static async Task<SqliteStateStore> OpenAsync(
        string connectionString, bool useWal, TimeProvider time, ILogger logger, CancellationToken cancellationToken, int? schemaVersion = null)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var pragmas = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
            if (useWal) pragmas += " PRAGMA journal_mode = WAL;";
            await using (var command = connection.Command(null, pragmas))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await new SchemaMigrator(time, logger).MigrateAsync(connection, cancellationToken, schemaVersion);
            StateLog.Opened(logger, connection.DataSource);
            return new SqliteStateStore(connection, time, logger);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await _connection.DisposeAsync();
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> alone, inside one write transaction (<c>BEGIN IMMEDIATE</c>, so another process
    /// cannot interleave a write between our read and our write) that commits when it returns.
    /// </summary>
    private Task<T> InTransactionAsync<T>(Func<SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(work, deferred: false, cancellationToken);

    /// <summary>Runs <paramref name="work"/> alone in a read transaction (<c>BEGIN DEFERRED</c>): one consistent snapshot, no write lock.</summary>
    private Task<T> InReadTransactionAsync<T>(Func<SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(work, deferred: true, cancellationToken);

    private async Task<T> RunAsync<T>(Func<SqliteTransaction, Task<T>> work, bool deferred, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var transaction = _connection.BeginTransaction(deferred);
            var result = await work(transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task InTransactionAsync(Func<SqliteTransaction, Task> work, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await work(transaction);
            return true;
        }, cancellationToken);

    private string Now() => SqlCommands.FormatTime(_time.GetUtcNow());
}
