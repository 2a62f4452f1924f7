using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Hawser.Sandbox.Faults;
using Hawser.Sandbox.Simulation;
using Hawser.Sandbox.Tests.Simulation;

namespace Hawser.Sandbox.Tests.Faults;

public sealed class FaultInjectionTests
{
    private static Task<SandboxHttp> Start(FaultOptions faults) =>
        SandboxHttp.StartAsync(new SandboxOptions { Faults = faults, Simulation = new SimulationOptions { Enabled = false } });

    [Fact]
    public async Task An_error_rate_of_one_answers_429_with_retry_after_and_a_status_body()
    {
        await using var sandbox = await Start(new FaultOptions { ErrorRate = 1, ErrorCodes = [429], RetryAfter = TimeSpan.FromSeconds(3) });
        using var response = await sandbox.Client.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal("TooManyRequests", status["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Health_and_version_are_never_faulted()
    {
        await using var sandbox = await Start(new FaultOptions { ErrorRate = 1, DropRate = 1 });
        using var health = await sandbox.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var version = await sandbox.Client.GetAsync(new Uri("/version", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
    }

    [Fact]
    public async Task A_seeded_error_rate_fails_some_requests_with_500_and_serves_the_others()
    {
        await using var sandbox = await Start(new FaultOptions { ErrorRate = 0.5, ErrorCodes = [500], Seed = 42 });
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            using var response = await sandbox.Client.GetAsync(new Uri("/api/v1/namespaces/default", UriKind.Relative));
            codes.Add(response.StatusCode);
        }
        Assert.Contains(HttpStatusCode.OK, codes);
        Assert.Contains(HttpStatusCode.InternalServerError, codes);
        Assert.All(codes, c => Assert.True(c is HttpStatusCode.OK or HttpStatusCode.InternalServerError));
    }

    [Fact]
    public async Task A_drop_rate_of_one_closes_the_connection_without_an_answer()
    {
        await using var sandbox = await Start(new FaultOptions { DropRate = 1 });
        await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.Client.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative)));
    }

    [Fact]
    public async Task Added_latency_delays_every_api_request()
    {
        await using var sandbox = await Start(new FaultOptions { Latency = TimeSpan.FromMilliseconds(300) });
        var watch = Stopwatch.StartNew();
        using var response = await sandbox.Client.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"took {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Watch_streams_are_cut_early_and_end_cleanly()
    {
        await using var sandbox = await Start(new FaultOptions { WatchCutAfter = TimeSpan.FromMilliseconds(500) });
        var watch = Stopwatch.StartNew();
        using var response = await sandbox.Client.GetAsync(new Uri("/api/v1/namespaces?watch=true&timeoutSeconds=60", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the watch stayed open {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Contains("\"ADDED\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_faults_the_pipeline_is_untouched()
    {
        Assert.False(new FaultOptions().IsActive);
        await using var sandbox = await Start(new FaultOptions());
        using var response = await sandbox.Client.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
