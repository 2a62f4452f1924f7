using Microsoft.AspNetCore.Http;

namespace Hawser.Sandbox.Http;

/// <summary>
/// How many API requests of each sort the sandbox served: reads, watches, writes and dry-run writes. Benchmarks read them
/// to prove what a client did not do (a refresh of an unchanged app makes no write and no dry run).
/// </summary>
internal sealed class RequestCounters
{
    private long _reads;
    private long _watches;
    private long _writes;
    private long _dryRuns;

    public long Reads => Interlocked.Read(ref _reads);

    public long Watches => Interlocked.Read(ref _watches);

    public long Writes => Interlocked.Read(ref _writes);

    public long DryRuns => Interlocked.Read(ref _dryRuns);

    public void Count(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method))
        {
            Interlocked.Increment(ref request.Query["watch"] is { Count: > 0 } watch && watch[0] is "true" or "1" ? ref _watches : ref _reads);
        }
        else if (request.Query["dryRun"].Count > 0)
        {
            Interlocked.Increment(ref _dryRuns);
        }
        else
        {
            Interlocked.Increment(ref _writes);
        }
    }
}
