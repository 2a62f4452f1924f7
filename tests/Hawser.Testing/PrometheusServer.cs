using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Hawser.Testing;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c> package) on 127.0.0.1, with a temporary configuration that scrapes one
/// target every second and a temporary data directory; stopped and removed on dispose. The system service is never used.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly BackgroundProcess _process;
    private readonly TempDirectory _dir;
    private readonly HttpClient _http;

    private PrometheusServer(BackgroundProcess process, TempDirectory dir, int port)
    {
        _process = process;
        _dir = dir;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (<c>host:port</c>, path <c>/metrics</c>) as job <paramref name="job"/>.</summary>
    public static async Task<PrometheusServer> StartAsync(string target, string job, CancellationToken cancellationToken)
    {
        var binary = Tools.Require("prometheus");
        var dir = new TempDirectory("hawser-prometheus");
        var config = Path.Combine(dir.Path, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: {job}
                metrics_path: /metrics
                static_configs:
                  - targets: ["{target}"]
            """, cancellationToken);
        var port = FreePort.Next();
        var process = BackgroundProcess.Start(binary, [
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(dir.Path, "data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--log.level=warn",
        ]);
        var server = new PrometheusServer(process, dir, port);
        if (!await FreePort.WaitUntilListeningAsync(port, () => process.HasExited, TimeSpan.FromSeconds(30), cancellationToken))
        {
            var output = process.Output;
            await server.DisposeAsync();
            throw new InvalidOperationException($"prometheus did not start: {output}");
        }
        // The port opens before the storage is ready; until then the API answers 503.
        await server.WaitUntilReadyAsync(process, cancellationToken);
        return server;
    }

    private async Task WaitUntilReadyAsync(BackgroundProcess process, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            using (var response = await _http.GetAsync("/-/ready", cancellationToken))
            {
                if (response.IsSuccessStatusCode) return;
            }
            if (process.HasExited || DateTimeOffset.UtcNow > deadline)
            {
                var output = process.Output;
                await DisposeAsync();
                throw new InvalidOperationException($"prometheus did not become ready: {output}");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>The health of the scrape target (<c>up</c>, <c>down</c>, <c>unknown</c>) and its last error.</summary>
    public async Task<(string Health, string Error)> TargetAsync(CancellationToken cancellationToken)
    {
        var body = await _http.GetFromJsonAsync<JsonObject>("/api/v1/targets", cancellationToken);
        var target = body?["data"]?["activeTargets"]?.AsArray().FirstOrDefault();
        return (target?["health"]?.GetValue<string>() ?? "unknown", target?["lastError"]?.GetValue<string>() ?? "");
    }

    /// <summary>Runs an instant PromQL query; returns the result vector (throws with Prometheus' error when the query fails).</summary>
    public async Task<JsonArray> QueryAsync(string expression, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(expression), cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        if (body?["status"]?.GetValue<string>() != "success")
            throw new InvalidOperationException($"query {expression} failed: {body?["error"]?.GetValue<string>()}");
        return body["data"]?["result"]?.AsArray() ?? [];
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
        _dir.Dispose();
    }
}
