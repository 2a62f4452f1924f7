namespace Hawser.Sources;

/// <summary>Why a source could not be fetched.</summary>
public enum SourceFailure
{
    /// <summary>Anything else; the message quotes the tool or server.</summary>
    Failed,

    /// <summary>The repository URL or reference is malformed or unsafe.</summary>
    InvalidReference,

    /// <summary>The host could not be reached (DNS, refused connection, timeout).</summary>
    Unreachable,

    /// <summary>The server refused the credentials, or asked for credentials that were not given.</summary>
    AuthenticationFailed,

    /// <summary>The repository does not exist at that URL.</summary>
    RepositoryNotFound,

    /// <summary>The Git revision is not a branch, tag or commit of the repository.</summary>
    UnknownRevision,

    /// <summary>The chart is not in the Helm repository.</summary>
    ChartNotFound,

    /// <summary>No version of the chart satisfies the constraint.</summary>
    NoMatchingVersion,
}

/// <summary>
/// A Git or Helm source failed. The message reads <c>&lt;repo&gt;: what went wrong</c>, quotes the tool or server
/// when it has something to say, and never contains a credential.
/// </summary>
public sealed class SourceException : Exception
{
    public SourceException(SourceFailure failure, string repoUrl, string message, Exception? inner = null)
        : base($"{Redaction.DisplayUrl(repoUrl)}: {message}", inner)
    {
        Failure = failure;
        RepoUrl = Redaction.DisplayUrl(repoUrl);
    }

    /// <summary>The kind of failure, for callers that react differently (retry on <see cref="SourceFailure.Unreachable"/>...).</summary>
    public SourceFailure Failure { get; }

    /// <summary>The repository, with any user information removed.</summary>
    public string RepoUrl { get; }
}
