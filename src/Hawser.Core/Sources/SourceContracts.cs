namespace Hawser.Sources;

/// <summary>
/// Credentials for a Git or Helm repository. <see cref="ToString"/> never shows a secret; secrets reach tools only
/// through the environment, an askpass helper or 0600 temp files, never the command line.
/// </summary>
/// <param name="Username">HTTPS username (a token may be given as the password with any username).</param>
/// <param name="Password">HTTPS password or token.</param>
/// <param name="SshPrivateKey">An SSH private key (PEM/OpenSSH text).</param>
/// <param name="InsecureSkipTlsVerify">Skip TLS verification for this repository.</param>
/// <param name="InsecureIgnoreHostKey">Skip SSH host key checks for this repository (Git only).</param>
/// <param name="TlsClientCertificate">A TLS client certificate (PEM) presented to the Git server.</param>
/// <param name="TlsClientKey">Its private key (PEM).</param>
public sealed record RepositoryCredentials(
    string? Username = null,
    string? Password = null,
    string? SshPrivateKey = null,
    bool InsecureSkipTlsVerify = false,
    bool InsecureIgnoreHostKey = false,
    string? TlsClientCertificate = null,
    string? TlsClientKey = null)
{
    public override string ToString() =>
        $"RepositoryCredentials {{ Username = {Username ?? "-"}, Password = {(Password is null ? "-" : "***")}, SshPrivateKey = {(SshPrivateKey is null ? "-" : "***")}, " +
        $"InsecureSkipTlsVerify = {InsecureSkipTlsVerify}, InsecureIgnoreHostKey = {InsecureIgnoreHostKey}, TlsClientCertificate = {(TlsClientCertificate is null ? "-" : "set")}, TlsClientKey = {(TlsClientKey is null ? "-" : "***")} }}";
}

/// <summary>A Git revision checked out read-only: the resolved commit and the shared work tree that holds it.</summary>
/// <param name="RepoUrl">The repository URL (or local path) as the Application names it.</param>
/// <param name="Revision">The requested revision (branch, tag, SHA or HEAD).</param>
/// <param name="Commit">The full 40-hex commit SHA it resolved to.</param>
/// <param name="WorkTree">The directory holding that commit's files; shared, never written to.</param>
public sealed record GitCheckout(string RepoUrl, string Revision, string Commit, string WorkTree);

/// <summary>A commit's metadata (<see cref="GitSource.GetCommitInfoAsync"/>).</summary>
public sealed record GitCommitInfo(string Commit, string Author, DateTimeOffset Date, string Message, IReadOnlyList<string> Tags);

/// <summary>Fetches Git repositories through the <c>git</c> CLI and hands out read-only work trees per (repo, commit).</summary>
public interface IGitSource
{
    /// <summary>Resolves <paramref name="revision"/> to a commit without checking it out (fetching first).</summary>
    Task<string> ResolveAsync(string repoUrl, string revision, RepositoryCredentials? credentials, CancellationToken cancellationToken);

    /// <summary>Fetches, resolves and returns the work tree of the commit.</summary>
    Task<GitCheckout> CheckoutAsync(string repoUrl, string revision, RepositoryCredentials? credentials, CancellationToken cancellationToken);
}

/// <summary>A Helm chart pulled from a chart repository and unpacked.</summary>
/// <param name="RepoUrl">An HTTP(S) chart repository URL or an <c>oci://</c> reference.</param>
/// <param name="Chart">The chart name.</param>
/// <param name="Version">The exact version chosen.</param>
/// <param name="ChartDirectory">The unpacked chart (the directory holding <c>Chart.yaml</c>).</param>
public sealed record ChartCheckout(string RepoUrl, string Chart, string Version, string ChartDirectory);

/// <summary>Pulls Helm charts from HTTP repositories (index.yaml) and OCI registries, cached per (repo, chart, version).</summary>
public interface IHelmChartSource
{
    /// <summary>Chooses the highest version matching <paramref name="versionConstraint"/> (exact, or a semver range such as <c>^1.2</c>, <c>&gt;=1.0 &lt;2</c>, <c>1.2.x</c>, <c>*</c>) and returns it unpacked.</summary>
    Task<ChartCheckout> PullAsync(string repoUrl, string chart, string versionConstraint, RepositoryCredentials? credentials, CancellationToken cancellationToken);
}
