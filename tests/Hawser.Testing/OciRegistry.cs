using System.Globalization;
using System.Security.Cryptography;

namespace Hawser.Testing;

/// <summary>How an <see cref="OciRegistry"/> asks clients to authenticate.</summary>
public enum OciRegistryAuthScheme
{
    /// <summary>Anonymous pulls.</summary>
    None,

    /// <summary><c>WWW-Authenticate: Basic</c>: every request carries the username and password.</summary>
    Basic,

    /// <summary>
    /// <c>WWW-Authenticate: Bearer realm=.../token</c>, as ghcr.io and Docker Hub do: the client trades its basic
    /// credentials for a token at the realm, then sends the token.
    /// </summary>
    BearerToken,
}

/// <summary>
/// A local OCI registry for chart tests: Debian's <c>docker-registry</c> (CNCF distribution) on 127.0.0.1 over plain
/// HTTP, with filesystem storage in a temp directory removed on dispose. Charts are pushed with the real
/// <c>helm push ... --plain-http</c>. With an auth scheme, clients talk to an nginx front that demands basic auth or a
/// bearer token (from a token endpoint on the same front) and forwards to the registry; pushes go to the registry
/// directly.
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
    private readonly int _backendPort;
    private BackgroundProcess? _process;
    private NginxServer? _front;

    private OciRegistry(TempDirectory root, BackgroundProcess process, int backendPort, NginxServer? front, string? username, string? password)
    {
        _root = root;
        _process = process;
        _backendPort = backendPort;
        _front = front;
        Username = username;
        Password = password;
        Port = front?.Port ?? backendPort;
    }

    /// <summary>The port clients use (the auth front when there is one).</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, the registry host as OCI references and plain-HTTP lists name it.</summary>
    public string Host => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary><c>oci://127.0.0.1:port/charts</c>, where <see cref="PushChartAsync"/> puts charts.</summary>
    public string ChartsUrl => $"oci://{Host}/charts";

    /// <summary>The user the auth front accepts, when there is one.</summary>
    public string? Username { get; }

    /// <summary>The password the auth front accepts, when there is one.</summary>
    public string? Password { get; }

    /// <summary>Starts the registry (and the auth front for <paramref name="auth"/>) and waits until <c>/v2/</c> answers.</summary>
    public static async Task<OciRegistry> StartAsync(CancellationToken cancellationToken, OciRegistryAuthScheme auth = OciRegistryAuthScheme.None)
    {
        var binary = Tools.DockerRegistry;
        var root = new TempDirectory("hawser-registry");
        BackgroundProcess? registry = null;
        try
        {
            var lastOutput = "";
            var port = 0;
            for (var attempt = 0; attempt < 5 && registry is null; attempt++)
            {
                port = FreePort.Next();
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
                if (await WaitUntilReadyAsync(port, process, cancellationToken))
                {
                    registry = process;
                }
                else
                {
                    lastOutput = process.Output;
                    await process.DisposeAsync();
                }
            }
            if (registry is null) throw new InvalidOperationException($"docker-registry did not start: {lastOutput}");
            if (auth == OciRegistryAuthScheme.None) return new OciRegistry(root, registry, port, null, null, null);

            const string username = "puller";
            var password = "reg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            var front = await StartFrontAsync(root.Path, port, auth, username, password, cancellationToken);
            return new OciRegistry(root, registry, port, front, username, password);
        }
        catch
        {
            if (registry is not null) await registry.DisposeAsync();
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
        var target = string.Create(CultureInfo.InvariantCulture, $"oci://127.0.0.1:{_backendPort}/charts");
        await TestCharts.RunHelmAsync(work.Path, ["push", package, target, "--plain-http"], cancellationToken);
    }

    /// <summary>Stops the registry and its front (storage stays until dispose), e.g. to prove a cached pull needs no network.</summary>
    public async Task StopAsync()
    {
        if (_front is not null) await _front.DisposeAsync();
        _front = null;
        if (_process is not null) await _process.DisposeAsync();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _root.Dispose();
    }

    private static Task<NginxServer> StartFrontAsync(
        string root, int backendPort, OciRegistryAuthScheme auth, string username, string password, CancellationToken cancellationToken)
    {
        File.WriteAllText(Path.Combine(root, "htpasswd"), NginxServer.HtpasswdLine(username, password));
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        // Served as a file, not with 'return': nginx runs 'return' before auth_basic, which would hand out the token to anyone.
        File.WriteAllText(Path.Combine(root, "token.json"), $"{{\"token\":\"{token}\"}}");
        var proxy = string.Create(CultureInfo.InvariantCulture, $"""
                  proxy_pass http://127.0.0.1:{backendPort};
                  proxy_set_header Host $http_host;
                  proxy_set_header Authorization "";
            """);
        return NginxServer.StartAsync(Path.Combine(root, "nginx"), port => auth == OciRegistryAuthScheme.Basic
            ? $$"""
                location / {
                  auth_basic "hawser-test-registry";
                  auth_basic_user_file {{root}}/htpasswd;
              {{proxy}}
                }
            """
            : $$"""
                location = /token {
                  auth_basic "hawser-test-registry-token";
                  auth_basic_user_file {{root}}/htpasswd;
                  default_type application/json;
                  alias {{root}}/token.json;
                }
                location / {
                  if ($http_authorization != "Bearer {{token}}") {
                    add_header WWW-Authenticate 'Bearer realm="http://127.0.0.1:{{port}}/token",service="hawser-test"' always;
                    return 401;
                  }
              {{proxy}}
                }
            """, cancellationToken);
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
