using Hawser.Sources;

namespace Hawser.Core.Tests.Sources;

public sealed class RedactionTests
{
    [Fact]
    public void Url_passwords_and_known_secrets_are_masked_in_messages()
    {
        var credentials = new RepositoryCredentials("bob", "s3cr3t-value");
        var masked = Redaction.Mask("fatal: https://bob:s3cr3t-value@example.com/x.git said s3cr3t-value", credentials);
        Assert.DoesNotContain("s3cr3t-value", masked, StringComparison.Ordinal);
        Assert.Contains("https://bob@example.com/x.git", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_exceptions_show_the_repository_without_its_password()
    {
        var e = new SourceException(SourceFailure.Failed, "https://bob:hunter2@example.com/x.git", "boom");
        Assert.Equal("https://bob@example.com/x.git: boom", e.Message);
        Assert.Equal("https://bob@example.com/x.git", e.RepoUrl);
    }

    [Theory]
    [InlineData("https://GitHub.com/Org/Repo.git/", "https://github.com/Org/Repo")]
    [InlineData("https://github.com/Org/Repo", "https://github.com/Org/Repo")]
    [InlineData("https://user:pw@github.com:443/Org/Repo.git", "https://github.com/Org/Repo")]
    [InlineData("git@github.com:org/repo.git", "git@github.com:org/repo")]
    public void Equivalent_urls_share_one_cache_key(string url, string normalised)
    {
        Assert.Equal(normalised, CacheKeys.Normalise(url));
        Assert.Equal(CacheKeys.Hash(normalised), CacheKeys.Hash(url));
    }
}
