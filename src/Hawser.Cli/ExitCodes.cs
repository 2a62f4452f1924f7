namespace Hawser.Cli;

/// <summary>Process exit codes, stable for CI gates.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int Usage = 2;
    /// <summary>Out of sync or unhealthy (and <c>diff</c> found a difference).</summary>
    public const int OutOfSyncOrUnhealthy = 3;
}
