using Hawser.Kubernetes;
using Hawser.Sandbox;
using Hawser.Sandbox.Faults;

namespace Hawser.Core.Tests.Kubernetes;

/// <summary>Retries under the sandbox's fault injection: errors, 429 with Retry-After, dropped connections, with retry counts asserted bounded.</summary>
public sealed class SandboxFaultTests
{
    private const int MaxRetries = 4;
    private static readonly KubernetesClientOptions Options = new(MaxRetries: MaxRetries, RetryBaseDelay: TimeSpan.FromMilliseconds(20), RetryMaxDelay: TimeSpan.FromSeconds(2));

    private static async Task<(SandboxServer Server, KubernetesConnection Connection)> StartAsync(FaultOptions faults, int maxRetries = MaxRetries)
    {
        var server = await SandboxServer.StartAsync(new SandboxOptions { Faults = faults }, TestTimeout.Token());
        return (server, KubernetesClientFactory.FromKubeconfig(server.KubeconfigPath, options: Options with { MaxRetries = maxRetries }));
    }

    [Fact]
    public async Task Reads_and_applies_succeed_through_errors_throttling_and_drops_with_bounded_retries()
    {
        // About one request in four fails; with 7 attempts a request gives up with odds of about 1 in 16,000.
        const int Retries = 6;
        var (server, connection) = await StartAsync(new FaultOptions { ErrorRate = 0.2, ErrorCodes = [500, 429, 503], DropRate = 0.05, Seed = 42 }, Retries);
        await using var _ = server;
        using var __ = connection;
        var client = connection.Client;
        var transport = ((KubernetesClient)client).Transport;
        var ct = TestTimeout.Token(120);
        const int Objects = 30;

        await Parallel.ForEachAsync(Enumerable.Range(0, Objects), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            await client.ApplyAsync(Kubernetes.Objects.ConfigMapOf("default", $"cm-{i}", $"{i}"), new ApplyOptions(), token);
            var read = await client.GetAsync(Kubernetes.Objects.ConfigMap, "default", $"cm-{i}", token);
            Assert.Equal($"{i}", read!.Body["data"]!["key"]!.GetValue<string>());
        });

        var logical = Objects * 2;
        Assert.True(transport.Retries > 0, "the faults should have caused retries");
        Assert.True(transport.Retries <= (logical + 2) * Retries, $"{transport.Retries} retries for {logical} requests");
        Assert.True(transport.Requests - transport.Retries >= logical);
    }

    [Fact]
    public async Task A_read_that_always_fails_is_tried_exactly_one_plus_MaxRetries_times()
    {
        var (server, connection) = await StartAsync(new FaultOptions { ErrorRate = 1, ErrorCodes = [500] });
        await using var _ = server;
        using var __ = connection;
        var transport = ((KubernetesClient)connection.Client).Transport;

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => connection.Client.GetMappingAsync(Kubernetes.Objects.ConfigMap, TestTimeout.Token()));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.Code);
        Assert.Equal(1 + MaxRetries, transport.Requests);
        Assert.Equal(MaxRetries, transport.Retries);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_and_then_reported_once_retries_are_spent()
    {
        var (server, connection) = await StartAsync(new FaultOptions { ErrorRate = 1, ErrorCodes = [429], RetryAfter = TimeSpan.FromSeconds(1) });
        await using var _ = server;
        using var __ = connection;
        using var limited = KubernetesClientFactory.FromKubeconfig(server.KubeconfigPath, options: Options with { MaxRetries = 1 });
        var transport = ((KubernetesClient)limited.Client).Transport;

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<TooManyRequestsException>(() => limited.Client.GetMappingAsync(Kubernetes.Objects.ConfigMap, TestTimeout.Token()));

        Assert.Equal(2, transport.Requests);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), $"Retry-After not honoured: {watch.Elapsed.TotalMilliseconds} ms");
    }
}
