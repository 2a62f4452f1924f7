using Hawser.Sources;

namespace Hawser.Notifications;

/// <summary><see cref="ICommitMetadataSource"/> from the controller's Git cache (<see cref="GitSource"/>), with the
/// repository's credentials.</summary>
public sealed class GitCommitMetadata(GitSource git, Func<string, RepositoryCredentials?> credentials) : ICommitMetadataSource
{
    public async Task<CommitMetadata> GetAsync(string repoUrl, string commit, CancellationToken cancellationToken)
    {
        var info = await git.GetCommitInfoAsync(repoUrl, commit, credentials(repoUrl), cancellationToken);
        return new CommitMetadata(info.Message, info.Author, info.Date, info.Tags);
    }
}
