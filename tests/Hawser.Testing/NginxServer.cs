using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hawser.Testing;

/// <summary>
/// A private nginx on 127.0.0.1: its own prefix, config, pid file, temp and log directories under
/// <see cref="Prefix"/>, run in the foreground and killed on dispose. Fixtures give it the body of one <c>server</c>
/// block; <see cref="RequestCount"/> counts the requests it served (its access log), so tests can prove a cache hit
/// made no request.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    private readonly BackgroundProcess _process;

    private NginxServer(BackgroundProcess process, string prefix, int port)
    {
        _process = process;
        Prefix = prefix;
        Port = port;
    }

    /// <summary>The server's private directory (config, logs, temp files).</summary>
    public string Prefix { get; }

    /// <summary>The port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary><c>http://127.0.0.1:port</c>.</summary>
    public string BaseUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    /// <summary>Requests served so far.</summary>
    public int RequestCount
    {
        get
        {
            var log = Path.Combine(Prefix, "logs", "access.log");
            if (!File.Exists(log)) return 0;
            using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var count = 0;
            while (reader.ReadLine() is not null) count++;
            return count;
        }
    }

    /// <summary>
    /// Starts nginx in <paramref name="prefix"/> with one server whose directives <paramref name="serverBody"/> returns
    /// for the port it will listen on (the <c>listen</c> line is added). Retries with another port if the first one
    /// was taken meanwhile.
    /// </summary>
    public static async Task<NginxServer> StartAsync(string prefix, Func<int, string> serverBody, CancellationToken cancellationToken)
    {
        var nginx = Tools.Nginx;
        foreach (var dir in new[] { "logs", "tmp", "conf" }) Directory.CreateDirectory(Path.Combine(prefix, dir));
        var lastOutput = "";
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var port = FreePort.Next();
            var config = Path.Combine(prefix, "conf", "nginx.conf");
            File.WriteAllText(config, Config(prefix, port, serverBody(port)));
            var process = BackgroundProcess.Start(nginx, ["-p", prefix, "-c", config, "-e", Path.Combine(prefix, "logs", "error.log")]);
            if (await FreePort.WaitUntilListeningAsync(port, () => process.HasExited, TimeSpan.FromSeconds(15), cancellationToken))
            {
                return new NginxServer(process, prefix, port);
            }
            lastOutput = process.Output + ReadErrorLog(prefix);
            await process.DisposeAsync();
        }
        throw new InvalidOperationException($"nginx did not start: {lastOutput}");
    }

    /// <summary>
    /// An htpasswd line nginx accepts for <paramref name="user"/>: RFC 2307 <c>{SSHA}</c> (salted SHA-1), which
    /// needs neither openssl nor apache2-utils.
    /// </summary>
    public static string HtpasswdLine(string user, string password)
    {
        var salt = RandomNumberGenerator.GetBytes(8);
        var digest = SHA1.HashData([.. Encoding.UTF8.GetBytes(password), .. salt]);
        return $"{user}:{{SSHA}}{Convert.ToBase64String([.. digest, .. salt])}\n";
    }

    public async ValueTask DisposeAsync() => await _process.DisposeAsync();

    private static string ReadErrorLog(string prefix)
    {
        var path = Path.Combine(prefix, "logs", "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    private static string Config(string prefix, int port, string serverBody)
    {
        var tmp = Path.Combine(prefix, "tmp");
        // As root, nginx workers would switch to 'nobody' and lose access to the test's files; run them as ourselves.
        var user = Environment.UserName == "root" ? "user root root;" : "";
        return $$"""
            {{user}}
            daemon off;
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/logs/error.log warn;
            events { worker_connections 128; }
            http {
              access_log {{prefix}}/logs/access.log;
              client_body_temp_path {{tmp}}/body;
              proxy_temp_path {{tmp}}/proxy;
              fastcgi_temp_path {{tmp}}/fastcgi;
              uwsgi_temp_path {{tmp}}/uwsgi;
              scgi_temp_path {{tmp}}/scgi;
              client_max_body_size 0;
              default_type application/octet-stream;
              server {
                listen 127.0.0.1:{{port}};
            {{serverBody}}
              }
            }
            """;
    }
}
