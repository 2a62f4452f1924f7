namespace Hawser.Testing;

/// <summary>
/// A classic Helm chart repository on 127.0.0.1: nginx serving a directory of packaged charts and the
/// <c>index.yaml</c> that <c>helm repo index</c> writes (relative chart URLs), optionally behind basic auth.
/// Everything lives in a temp directory removed on dispose. <see cref="RequestCount"/> lets tests prove a cache hit
/// made no request.
/// </summary>
/// <example>
/// <code>
/// await using var repo = await ChartRepositoryServer.StartAsync(ct);
/// await repo.AddChartAsync("guestbook", "1.2.0", ct);
/// // helm repo add test repo.Url; or HelmChartSource.PullAsync(repo.Url, "guestbook", "^1.0", null, ct)
/// </code>
/// </example>
public sealed class ChartRepositoryServer : IAsyncDisposable
{
    private readonly TempDirectory _root;
    private readonly NginxServer _nginx;
    private readonly bool _absoluteChartUrls;

    private ChartRepositoryServer(TempDirectory root, NginxServer nginx, string? username, string? password, bool absoluteChartUrls)
    {
        _absoluteChartUrls = absoluteChartUrls;
        _root = root;
        _nginx = nginx;
        Username = username;
        Password = password;
    }

    /// <summary>The repository URL (what <c>helm repo add</c> and an Application's <c>repoURL</c> take).</summary>
    public string Url => _nginx.BaseUrl + "/charts";

    /// <summary>The basic auth user, when the repository requires one.</summary>
    public string? Username { get; }

    /// <summary>The basic auth password, when the repository requires one.</summary>
    public string? Password { get; }

    /// <summary>Requests served so far.</summary>
    public int RequestCount => _nginx.RequestCount;

    /// <summary>The directory served as <see cref="Url"/> (holds the .tgz files and index.yaml).</summary>
    public string Directory => System.IO.Path.Combine(_root.Path, "www", "charts");

    /// <summary>
    /// Starts an empty repository; with <paramref name="username"/> and <paramref name="password"/> every request needs
    /// basic auth. Chart URLs in index.yaml are relative, as <c>helm repo index</c> writes them, unless
    /// <paramref name="absoluteChartUrls"/> (<c>helm repo index --url</c>).
    /// </summary>
    public static async Task<ChartRepositoryServer> StartAsync(
        CancellationToken cancellationToken, string? username = null, string? password = null, bool absoluteChartUrls = false)
    {
        var root = new TempDirectory("hawser-chartrepo");
        try
        {
            var www = System.IO.Path.Combine(root.Path, "www");
            System.IO.Directory.CreateDirectory(System.IO.Path.Combine(www, "charts"));
            File.WriteAllText(System.IO.Path.Combine(www, "charts", "index.yaml"), "apiVersion: v1\nentries: {}\n");
            var auth = "";
            if (username is not null && password is not null)
            {
                File.WriteAllText(System.IO.Path.Combine(root.Path, "htpasswd"), NginxServer.HtpasswdLine(username, password));
                auth = $"""
                        auth_basic "hawser-test-charts";
                        auth_basic_user_file {root.Path}/htpasswd;
                    """;
            }
            var nginx = await NginxServer.StartAsync(System.IO.Path.Combine(root.Path, "nginx"), _ => $$"""
                {{auth}}
                    root {{www}};
                    location / { }
                """, cancellationToken);
            return new ChartRepositoryServer(root, nginx, username, password, absoluteChartUrls);
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary>Writes, packages and publishes chart <paramref name="name"/> at <paramref name="version"/>, then re-indexes the repository.</summary>
    public async Task AddChartAsync(string name, string version, CancellationToken cancellationToken)
    {
        using var source = new TempDirectory("hawser-chartsrc");
        var chart = TestCharts.Write(source.Path, name, version);
        await TestCharts.PackageAsync(chart, Directory, cancellationToken);
        using var home = new TempDirectory("hawser-helmhome");
        string[] index = _absoluteChartUrls ? ["repo", "index", Directory, "--url", Url] : ["repo", "index", Directory];
        await TestCharts.RunHelmAsync(home.Path, index, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _nginx.DisposeAsync();
        _root.Dispose();
    }
}
