using System.Security.Cryptography;

namespace Hawser.Testing;

/// <summary>
/// A real smart-HTTP Git server on 127.0.0.1 for integration tests: nginx with basic auth in front of
/// <c>git-http-backend</c> through fcgiwrap on a unix socket, everything (config, pid, logs, repositories) in a
/// private temp directory removed on dispose.
/// </summary>
/// <example>
/// <code>
/// await using var server = await GitHttpServer.StartAsync(ct);
/// var repo = await server.CreateRepositoryAsync("config", ct);
/// await repo.Write("app/cm.yaml", yaml).CommitAsync("first", ct);
/// // clone server.UrlOf("config") with server.Username / server.Password
/// </code>
/// </example>
public sealed class GitHttpServer : IAsyncDisposable
{
    private const string Backend = "/usr/lib/git-core/git-http-backend";
    private readonly TempDirectory _root;
    private readonly BackgroundProcess _fcgiwrap;
    private readonly NginxServer _nginx;

    private GitHttpServer(TempDirectory root, BackgroundProcess fcgiwrap, NginxServer nginx, string username, string password)
    {
        _root = root;
        _fcgiwrap = fcgiwrap;
        _nginx = nginx;
        Username = username;
        Password = password;
    }

    /// <summary>The user basic auth accepts.</summary>
    public string Username { get; }

    /// <summary>The password basic auth accepts (random per server unless given).</summary>
    public string Password { get; }

    /// <summary><c>http://127.0.0.1:port</c>.</summary>
    public string BaseUrl => _nginx.BaseUrl;

    /// <summary>Requests nginx served so far (authenticated or not).</summary>
    public int RequestCount => _nginx.RequestCount;

    /// <summary>The clone URL of repository <paramref name="name"/>.</summary>
    public string UrlOf(string name) => $"{BaseUrl}/{name}.git";

    /// <summary>Starts fcgiwrap and nginx; every request needs <see cref="Username"/>/<see cref="Password"/>.</summary>
    public static async Task<GitHttpServer> StartAsync(CancellationToken cancellationToken, string username = "hawser", string? password = null)
    {
        if (!File.Exists(Backend)) throw new InvalidOperationException($"{Backend} is missing; run scripts/setup.sh (package git).");
        password ??= "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var root = new TempDirectory("hawser-githttp");
        BackgroundProcess? fcgiwrap = null;
        try
        {
            Directory.CreateDirectory(Path.Combine(root.Path, "repos"));
            File.WriteAllText(Path.Combine(root.Path, "htpasswd"), NginxServer.HtpasswdLine(username, password));
            var socket = Path.Combine(root.Path, "fcgiwrap.sock");
            fcgiwrap = BackgroundProcess.Start(Tools.FcgiWrap, ["-c", "4", "-s", "unix:" + socket]);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!File.Exists(socket))
            {
                if (fcgiwrap.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException($"fcgiwrap did not start: {fcgiwrap.Output}");
                await Task.Delay(20, cancellationToken);
            }

            var nginx = await NginxServer.StartAsync(Path.Combine(root.Path, "nginx"), _ => $$"""
                    auth_basic "hawser-test-git";
                    auth_basic_user_file {{root.Path}}/htpasswd;
                    location / {
                      fastcgi_pass unix:{{socket}};
                      fastcgi_param SCRIPT_FILENAME {{Backend}};
                      fastcgi_param GIT_PROJECT_ROOT {{root.Path}}/repos;
                      fastcgi_param GIT_HTTP_EXPORT_ALL "";
                      fastcgi_param PATH_INFO $uri;
                      fastcgi_param REMOTE_USER $remote_user;
                      fastcgi_param QUERY_STRING $query_string;
                      fastcgi_param REQUEST_METHOD $request_method;
                      fastcgi_param CONTENT_TYPE $content_type;
                      fastcgi_param CONTENT_LENGTH $content_length;
                      fastcgi_param GIT_PROTOCOL $http_git_protocol;
                      fastcgi_param HTTP_CONTENT_ENCODING $http_content_encoding;
                    }
                """, cancellationToken);
            return new GitHttpServer(root, fcgiwrap, nginx, username, password);
        }
        catch
        {
            if (fcgiwrap is not null) await fcgiwrap.DisposeAsync();
            root.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates repository <paramref name="name"/> (served at <see cref="UrlOf"/>) and returns its authoring work tree;
    /// every commit, branch and tag made through it is pushed to the served bare repository at once.
    /// </summary>
    public async Task<GitTestRepository> CreateRepositoryAsync(string name, CancellationToken cancellationToken)
    {
        var bare = Path.Combine(_root.Path, "repos", name + ".git");
        await GitTestRepository.RunGitAsync(_root.Path, ["init", "--quiet", "--bare", "-b", "main", bare], cancellationToken);
        return await GitTestRepository.InitAsync(Path.Combine(_root.Path, "work", name), bare, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _nginx.DisposeAsync();
        await _fcgiwrap.DisposeAsync();
        _root.Dispose();
    }
}
