namespace Hawser.Core.Tests.Kubernetes;

/// <summary>A cancellation token that fires if a test hangs, so a broken retry loop fails instead of blocking the run.</summary>
internal static class TestTimeout
{
    public static CancellationToken Token(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
