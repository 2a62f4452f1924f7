using Hawser.Sources;

namespace Hawser.Core.Tests.Sources;

public sealed class GitErrorClassificationTests
{
    [Theory]
    [InlineData("fatal: Authentication failed for 'https://example.com/x.git/'", SourceFailure.AuthenticationFailed)]
    [InlineData("fatal: could not read Username for 'https://example.com': terminal prompts disabled", SourceFailure.AuthenticationFailed)]
    [InlineData("git@example.com: Permission denied (publickey).", SourceFailure.AuthenticationFailed)]
    [InlineData("Host key verification failed.", SourceFailure.AuthenticationFailed)]
    [InlineData("fatal: unable to access 'https://example.com/x.git/': The requested URL returned error: 403", SourceFailure.AuthenticationFailed)]
    [InlineData("fatal: unable to access 'https://nope.invalid/x.git/': Could not resolve host: nope.invalid", SourceFailure.Unreachable)]
    [InlineData("fatal: unable to access 'http://127.0.0.1:1/x.git/': Failed to connect to 127.0.0.1 port 1", SourceFailure.Unreachable)]
    [InlineData("ssh: connect to host 127.0.0.1 port 22: Connection refused", SourceFailure.Unreachable)]
    [InlineData("fatal: unable to access 'https://h/x.git/': SSL certificate problem: self-signed certificate", SourceFailure.Unreachable)]
    [InlineData("fatal: repository 'https://example.com/nope.git/' not found", SourceFailure.RepositoryNotFound)]
    [InlineData("fatal: '/srv/nope' does not appear to be a git repository", SourceFailure.RepositoryNotFound)]
    [InlineData("fatal: the remote end hung up unexpectedly", SourceFailure.Failed)]
    [InlineData("fatal: couldn't find remote ref HEAD", SourceFailure.UnknownRevision)]
    [InlineData("fatal: couldn't find remote ref refs/heads/nope", SourceFailure.UnknownRevision)]
    public void Git_messages_map_to_the_failure_a_user_can_act_on(string message, SourceFailure expected)
    {
        var e = GitRunner.Classify("https://example.com/x.git", message);

        Assert.Equal(expected, e.Failure);
        Assert.EndsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_repository_is_named_as_empty_not_as_a_missing_ref()
    {
        var e = GitRunner.Classify("https://example.com/x.git", "fatal: couldn't find remote ref HEAD");
        Assert.StartsWith("https://example.com/x.git: the repository is empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Git_output_is_one_line_without_its_generic_access_rights_advice()
    {
        const string stderr = """
            fatal: '/srv/nope' does not appear to be a git repository
            fatal: Could not read from remote repository.

            Please make sure you have the correct access rights
            and the repository exists.

            """;

        Assert.Equal("fatal: '/srv/nope' does not appear to be a git repository", GitRunner.Tidy(stderr));
    }
}
