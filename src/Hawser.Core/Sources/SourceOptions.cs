namespace Hawser.Sources;

/// <summary>Settings of a <see cref="GitSource"/>.</summary>
/// <param name="CacheDirectory">Where mirrors (<c>repos/</c>), work trees (<c>trees/</c>) and lock files live.</param>
public sealed record GitSourceOptions(string CacheDirectory)
{
    /// <summary>Where fetches are counted and timed (<c>argocd_git_request_total</c>); none when null.</summary>
    public Observability.HawserMetrics? Metrics { get; init; }

    /// <summary>The <c>git</c> executable.</summary>
    public string GitPath { get; init; } = "git";

    /// <summary>Limit for one fetch.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Limit for local git commands (rev-parse, tree extraction).</summary>
    public TimeSpan LocalTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long to wait for another thread or process holding a repository's lock.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An OpenSSH known_hosts file. When set, SSH host keys are checked strictly against it; otherwise a host's key is
    /// trusted on first use and pinned in <c>&lt;cache&gt;/known_hosts</c>.
    /// </summary>
    public string? SshKnownHostsFile { get; init; }
}

/// <summary>Settings of a <see cref="HelmChartSource"/>.</summary>
/// <param name="CacheDirectory">Where unpacked charts (<c>charts/</c>) live.</param>
public sealed record HelmChartSourceOptions(string CacheDirectory)
{
    /// <summary>Limit for one HTTP request (index, manifest, chart download).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a fetched <c>index.yaml</c> or OCI tag list is reused for version ranges.</summary>
    public TimeSpan IndexCacheDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>OCI registries (<c>host:port</c>) spoken to over plain HTTP, as <c>helm --plain-http</c>; for local registries.</summary>
    public IReadOnlyCollection<string> PlainHttpRegistries { get; init; } = [];
}
