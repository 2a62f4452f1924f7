using System.Diagnostics;
using Hawser.Sources;
using Hawser.Testing;

namespace Hawser.Core.Tests.Sources;

/// <summary>GitSource against a real smart-HTTP server (nginx + fcgiwrap + git-http-backend) with basic auth.</summary>
public sealed class GitSourceHttpTests(GitHttpServerFixture fixture) : IClassFixture<GitHttpServerFixture>, IDisposable
{
    private readonly TempDirectory _cache = new("hawser-gitcache");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private GitHttpServer Server => fixture.Server;
    private RepositoryCredentials Credentials => new(Server.Username, Server.Password);
    private CancellationToken Ct => _timeout.Token;

    [Fact]
    public async Task Basic_auth_clone_resolves_branch_annotated_tag_short_sha_and_HEAD()
    {
        var repo = await Server.CreateRepositoryAsync("resolve", Ct);
        var first = await repo.Write("app/cm.yaml", "kind: ConfigMap\n").CommitAsync("first", Ct);
        await repo.TagAsync("v1", "release one", Ct);
        await repo.CreateBranchAsync("staging", Ct);
        var staging = await repo.Write("app/cm.yaml", "kind: Secret\n").CommitAsync("staging change", Ct);
        await repo.SwitchAsync("main", Ct);
        var source = new GitSource(new GitSourceOptions(_cache.Path));
        var url = Server.UrlOf("resolve");

        Assert.Equal(first, await source.ResolveAsync(url, "HEAD", Credentials, Ct));
        Assert.Equal(first, await source.ResolveAsync(url, "v1", Credentials, Ct));
        Assert.Equal(staging, await source.ResolveAsync(url, "staging", Credentials, Ct));
        Assert.Equal(staging, await source.ResolveAsync(url, staging[..7], Credentials, Ct));
        var checkout = await source.CheckoutAsync(url, "staging", Credentials, Ct);
        Assert.Equal("kind: Secret\n", File.ReadAllText(Path.Combine(checkout.WorkTree, "app", "cm.yaml")));
    }

    [Fact]
    public async Task A_commit_pushed_after_the_first_fetch_is_picked_up_by_the_next_one()
    {
        var repo = await Server.CreateRepositoryAsync("moving", Ct);
        var first = await repo.Write("a.txt", "1").CommitAsync("first", Ct);
        var source = new GitSource(new GitSourceOptions(_cache.Path));
        Assert.Equal(first, await source.ResolveAsync(Server.UrlOf("moving"), "main", Credentials, Ct));

        var second = await repo.Write("a.txt", "2").CommitAsync("second", Ct);

        var checkout = await source.CheckoutAsync(Server.UrlOf("moving"), "main", Credentials, Ct);
        Assert.Equal(second, checkout.Commit);
        Assert.Equal("2", File.ReadAllText(Path.Combine(checkout.WorkTree, "a.txt")));
    }

    [Fact]
    public async Task Parallel_resolves_of_one_repository_share_fetches_instead_of_queueing_one_each()
    {
        var repo = await Server.CreateRepositoryAsync("busy", Ct);
        await repo.Write("a.txt", "1").CommitAsync("first", Ct);
        var source = new GitSource(new GitSourceOptions(_cache.Path));
        var url = Server.UrlOf("busy");
        await source.ResolveAsync(url, "main", Credentials, Ct);
        var before = Server.RequestCount;
        await source.ResolveAsync(url, "main", Credentials, Ct);
        var perFetch = Server.RequestCount - before;
        var second = await repo.Write("a.txt", "2").CommitAsync("second", Ct);

        before = Server.RequestCount;
        var commits = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => source.ResolveAsync(url, "main", Credentials, Ct)));

        Assert.All(commits, c => Assert.Equal(second, c));
        Assert.True(Server.RequestCount - before <= 3 * perFetch, $"{Server.RequestCount - before} requests for 10 parallel resolves; one fetch makes {perFetch}");
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_failure_whose_message_never_shows_the_password()
    {
        var repo = await Server.CreateRepositoryAsync("private", Ct);
        await repo.Write("a.txt", "1").CommitAsync("first", Ct);
        var source = new GitSource(new GitSourceOptions(_cache.Path));
        const string wrong = "Wr0ng-P4ssw0rd-7f3e9a";

        var e = await Assert.ThrowsAsync<SourceException>(() =>
            source.CheckoutAsync(Server.UrlOf("private"), "main", new RepositoryCredentials(Server.Username, wrong), Ct));

        Assert.Equal(SourceFailure.AuthenticationFailed, e.Failure);
        Assert.Contains(Server.UrlOf("private"), e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Password, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_credentials_fail_as_authentication_without_waiting_for_a_prompt()
    {
        var repo = await Server.CreateRepositoryAsync("noauth", Ct);
        await repo.Write("a.txt", "1").CommitAsync("first", Ct);
        var source = new GitSource(new GitSourceOptions(_cache.Path));

        var e = await Assert.ThrowsAsync<SourceException>(() => source.ResolveAsync(Server.UrlOf("noauth"), "main", null, Ct));

        Assert.Equal(SourceFailure.AuthenticationFailed, e.Failure);
    }

    [Fact]
    public async Task A_repository_the_server_does_not_have_is_reported_as_not_found()
    {
        var source = new GitSource(new GitSourceOptions(_cache.Path));

        var e = await Assert.ThrowsAsync<SourceException>(() => source.ResolveAsync(Server.UrlOf("no-such-repo"), "main", Credentials, Ct));

        Assert.Equal(SourceFailure.RepositoryNotFound, e.Failure);
    }

    [Fact]
    public async Task An_unreachable_host_fails_fast_as_unreachable()
    {
        var source = new GitSource(new GitSourceOptions(_cache.Path));
        var closedPort = FreePort.Next();
        var stopwatch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<SourceException>(() =>
            source.ResolveAsync($"http://127.0.0.1:{closedPort}/repo.git", "main", Credentials, Ct));

        Assert.Equal(SourceFailure.Unreachable, e.Failure);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        Assert.DoesNotContain(Server.Password, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_revision_over_http_names_the_revision()
    {
        var repo = await Server.CreateRepositoryAsync("unknownrev", Ct);
        await repo.Write("a.txt", "1").CommitAsync("first", Ct);
        var source = new GitSource(new GitSourceOptions(_cache.Path));

        var e = await Assert.ThrowsAsync<SourceException>(() => source.ResolveAsync(Server.UrlOf("unknownrev"), "v9.9.9", Credentials, Ct));

        Assert.Equal(SourceFailure.UnknownRevision, e.Failure);
        Assert.Contains("'v9.9.9'", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _cache.Dispose();
    }
}
