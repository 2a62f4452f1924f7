using System.Globalization;
using System.Security.Cryptography;

namespace Hawser.Testing;

/// <summary>
/// A local OCI registry for chart tests: Debian's <c>docker-registry</c> (CNCF distribution) on 127.0.0.1 over plain
/// HTTP, with filesystem storage in a temp directory removed on dispose. Charts are pushed with the real
/// <c>helm push ... --plain-http</c>.
/// </summary>
/// <example>
/// <code>
/// await using var registry = await OciRegistry.StartAsync(ct);
/// await registry.PushChartAsync("guestbook", "1.2.0", ct);
/// // pull from registry.ChartsUrl ("oci://127.0.0.1:PORT/charts"), plain HTTP for registry.Host
/// </code>
/// </example>
public sealed class OciRegistry : IAsyncDisposable
{
    private readonly TempDirectory _root;
    private BackgroundProcess? _process;

    private OciRegistry(TempDirectory root, BackgroundProcess process, int port)
    {
        _root = root;
        _process = process;
        Port = port;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, the registry host as OCI references and plain-HTTP lists name it.</summary>
    public string Host => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary><c>oci://127.0.0.1:port/charts</c>, where <see cref="PushChartAsync"/> puts charts.</summary>
    public string ChartsUrl => $"oci://{Host}/charts";

    /// <summary>Starts the registry and waits until <c>/v2/</c> answers.</summary>
    public static async Task<OciRegistry> StartAsync(CancellationToken cancellationToken)
    {
        var binary = Tools.DockerRegistry;
        var root = new TempDirectory("hawser-registry");
        try
        {
            string lastOutput = "";
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var port = FreePort.Next();
                var config = root.Write("config.yml", $"""
                    version: 0.1
                    log:
                      level: warn
                      accesslog:
                        disabled: true
                    storage:
                      filesystem:
                        rootdirectory: {root.Path}/data
                      delete:
                        enabled: true
                    http:
                      addr: 127.0.0.1:{port}
                      secret: {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}

                    """);
                var process = BackgroundProcess.Start(binary, ["serve", config], root.Path);
                if (await WaitUntilReadyAsync(port, process, cancellationToken)) return new OciRegistry(root, process, port);
                lastOutput = process.Output;
                await process.DisposeAsync();
            }
            throw new InvalidOperationException($"docker-registry did not start: {lastOutput}");
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary>Writes, packages and pushes chart <paramref name="name"/> at <paramref name="version"/> to <see cref="ChartsUrl"/>.</summary>
    public async Task PushChartAsync(string name, string version, CancellationToken cancellationToken)
    {
        using var work = new TempDirectory("hawser-ocipush");
        var chart = TestCharts.Write(work.Path, name, version);
        var package = await TestCharts.PackageAsync(chart, Path.Combine(work.Path, "out"), cancellationToken);
        await TestCharts.RunHelmAsync(work.Path, ["push", package, ChartsUrl, "--plain-http"], cancellationToken);
    }

    /// <summary>Stops the registry (its storage stays until dispose), e.g. to prove a cached pull needs no network.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        await _process.DisposeAsync();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _root.Dispose();
    }

    private static async Task<bool> WaitUntilReadyAsync(int port, BackgroundProcess process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/v2/")), cancellationToken);
                if (response.IsSuccessStatusCode) return true;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            await Task.Delay(50, cancellationToken);
        }
        return false;
    }
}
