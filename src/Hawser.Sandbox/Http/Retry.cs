using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Http;

/// <summary>
/// Read-modify-write retries, as the API server's GuaranteedUpdate does: when another writer (a controller, the
/// simulation) changed the object between our read and our write, read again and redo the change. A stale
/// resourceVersion the client sent still fails, because it fails again on the fresh read.
/// </summary>
internal static class Retry
{
    private const int Attempts = 16;

    public static T OnConflict<T>(Func<T> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return write();
            }
            catch (ApiException e) when (attempt < Attempts && e.Code == 409 && e.Reason == "Conflict" && e.Causes.Count == 0)
            {
                // Someone wrote in between: read again.
            }
        }
    }
}
