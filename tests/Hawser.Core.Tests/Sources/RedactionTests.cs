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

    [Theory]
    [InlineData("https://bob:p@ss@example.com/x.git", "https://bob@example.com/x.git")]
    [InlineData("clone https://bob:a@b@c@example.com:8443/x.git failed", "clone https://bob@example.com:8443/x.git failed")]
    [InlineData("https://example.com/x.git?token=abc123&ref=main", "https://example.com/x.git?token=***&ref=main")]
    [InlineData("https://example.com/chart.tgz?X-Amz-Signature=abc&access_token=zzz", "https://example.com/chart.tgz?X-Amz-Signature=abc&access_token=***")]
    [InlineData("https://example.com/i?sig=abc#frag", "https://example.com/i?sig=***#frag")]
    [InlineData("https://bob:pass word@example.com/x.git", "https://bob@example.com/x.git")]
    public void Passwords_holding_at_signs_and_token_query_parameters_are_removed_whole(string url, string shown) =>
        Assert.Equal(shown, Redaction.DisplayUrl(url));

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
