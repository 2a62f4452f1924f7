using Hawser.State;
using Microsoft.Extensions.Logging;

namespace Hawser.Server.Hosting;

/// <summary>
/// Applies the audit retention (<c>hawser server --audit-retention</c>, default 90 days): at start and then every hour,
/// audit entries older than the retention are removed, and logouts whose sessions have expired anyway are forgotten.
/// A retention of zero keeps the audit log forever.
/// </summary>
internal sealed partial class AuditRetention : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);
    private readonly IStateStore _store;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public AuditRetention(IStateStore store, TimeSpan retention, TimeProvider time, ILogger logger)
    {
        if (retention < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(retention), "the audit retention cannot be negative");
        _store = store;
        _retention = retention;
        _time = time;
        _logger = logger;
    }

    /// <summary>Sweeps once now, then starts the hourly sweep.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SweepAsync(cancellationToken);
        _loop = Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Removes what is past its time; returns the number of audit entries removed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var removed = _retention > TimeSpan.Zero ? await _store.Audit.PruneAsync(now - _retention, cancellationToken) : 0;
        if (removed > 0) Pruned(_logger, removed, _retention);
        await _store.Accounts.SweepRevokedSessionsAsync(now, cancellationToken);
        return removed;
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await SweepAsync(cancellationToken);
                }
                catch (StateException e)
                {
                    SweepFailed(_logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 8200, Level = LogLevel.Information, Message = "Audit retention: removed {Count} audit entries older than {Retention}")]
    private static partial void Pruned(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(EventId = 8201, Level = LogLevel.Warning, Message = "Audit retention: the sweep failed: {Reason}")]
    private static partial void SweepFailed(ILogger logger, string reason);
}
