using Hawser.Sources;
using Hawser.Testing;

namespace Hawser.Core.Tests.Sources;

/// <summary>GitSource against a plain file remote (a repository on disk, no server).</summary>
public sealed class GitSourceFileRemoteTests : IDisposable
{
    private readonly TempDirectory _dir = new("hawser-gitsrc");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly GitSource _source;

    public GitSourceFileRemoteTests() => _source = new GitSource(new GitSourceOptions(Path.Combine(_dir.Path, "cache")));

    private CancellationToken Ct => _timeout.Token;

    [Fact]
    public async Task Branch_tag_short_sha_full_sha_and_HEAD_resolve_to_their_commits()
    {
        var repo = await GitTestRepository.InitAsync(Path.Combine(_dir.Path, "remote"), Ct);
        var first = await repo.Write("a.txt", "1").CommitAsync("first", Ct);
        await repo.TagAsync("v1.0.0", null, Ct);
        await repo.CreateBranchAsync("feature", Ct);
        var feature = await repo.Write("a.txt", "feature").CommitAsync("on feature", Ct);
        await repo.SwitchAsync("main", Ct);
        var second = await repo.Write("a.txt", "2").CommitAsync("second", Ct);

        Assert.Equal(second, await _source.ResolveAsync(repo.Path, "main", null, Ct));
        Assert.Equal(second, await _source.ResolveAsync(repo.Path, "HEAD", null, Ct));
        Assert.Equal(second, await _source.ResolveAsync(repo.Path, "", null, Ct));
        Assert.Equal(feature, await _source.ResolveAsync(repo.Path, "feature", null, Ct));
        Assert.Equal(first, await _source.ResolveAsync(repo.Path, "v1.0.0", null, Ct));
        Assert.Equal(first, await _source.ResolveAsync(repo.Path, "refs/tags/v1.0.0", null, Ct));
        Assert.Equal(first, await _source.ResolveAsync(repo.Path, first[..8], null, Ct));
        Assert.Equal(first, await _source.ResolveAsync(repo.Path, first, null, Ct));
    }

    [Fact]
    public async Task An_annotated_tag_resolves_to_its_commit_not_the_tag_object()
    {
        var repo = await GitTestRepository.InitAsync(Path.Combine(_dir.Path, "remote"), Ct);
        var commit = await repo.Write("a.txt", "1").CommitAsync("first", Ct);
        await repo.TagAsync("release-1", "the first release", Ct);
        var tagObject = (await repo.GitAsync(["rev-parse", "release-1"], Ct)).Trim();
        Assert.NotEqual(commit, tagObject);

        Assert.Equal(commit, await _source.ResolveAsync(repo.Path, "release-1", null, Ct));
    }

    [Fact]
    public async Task Checkout_returns_a_tree_holding_exactly_the_commit_files()
    {
        var repo = await GitTestRepository.InitAsync(Path.Combine(_dir.Path, "remote"), Ct);
        var first = await repo.Write("app/cm.yaml", "kind: ConfigMap\n").Write("old.txt", "old").CommitAsync("first", Ct);
        await repo.Delete("old.txt").Write("app/cm.yaml", "kind: Secret\n").CommitAsync("second", Ct);

        var checkout = await _source.CheckoutAsync(repo.Path, first, null, Ct);

        Assert.Equal(new GitCheckout(repo.Path, first, first, Path.Combine(_dir.Path, "cache", "trees", first)), checkout);
        Assert.Equal("kind: ConfigMap\n", File.ReadAllText(Path.Combine(checkout.WorkTree, "app", "cm.yaml")));
        Assert.True(File.Exists(Path.Combine(checkout.WorkTree, "old.txt")));
        Assert.False(Directory.Exists(Path.Combine(checkout.WorkTree, ".git")));
    }

    [Fact]
    public async Task A_new_commit_on_the_branch_is_picked_up_by_the_next_checkout()
    {
        var repo = await GitTestRepository.InitAsync(Path.Combine(_dir.Path, "remote"), Ct);
        var first = await repo.Write("a.txt", "1").CommitAsync("first", Ct);
        Assert.Equal(first, (await _source.CheckoutAsync(repo.Path, "main", null, Ct)).Commit);

        var second = await repo.Write("a.txt", "2").CommitAsync("second", Ct);
        var checkout = await _source.CheckoutAsync(repo.Path, "main", null, Ct);

        Assert.Equal(second, checkout.Commit);
        Assert.Equal("2", File.ReadAllText(Path.Combine(checkout.WorkTree, "a.txt")));
    }

    [Fact]
    public async Task A_full_sha_already_in_the_mirror_needs_no_fetch()
    {
        var remote = Path.Combine(_dir.Path, "remote");
        var repo = await GitTestRepository.InitAsync(remote, Ct);
        var commit = await repo.Write("a.txt", "1").CommitAsync("first", Ct);
        await _source.CheckoutAsync(repo.Path, "main", null, Ct);
        Directory.Move(remote, remote + "-gone");

        Assert.Equal(commit, (await _source.CheckoutAsync(remote, commit, null, Ct)).Commit);
        var branch = await Assert.ThrowsAsync<SourceException>(() => _source.ResolveAsync(remote, "main", null, Ct));
        Assert.Equal(SourceFailure.RepositoryNotFound, branch.Failure);
    }

    [Fact]
    public async Task A_full_sha_checkout_seen_before_runs_no_git_process()
    {
        var repo = await GitTestRepository.InitAsync(Path.Combine(_dir.Path, "remote"), Ct);
        var commit = await repo.Write("a.txt", "1").CommitAsync("first", Ct);
        var log = Path.Combine(_dir.Path, "git-runs.log");
        var countingGit = _dir.Write("counting-git.sh", $"#!/bin/sh\necho run >> '{log}'\nexec git \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(countingGit, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var source = new GitSource(new GitSourceOptions(Path.Combine(_dir.Path, "cache")) { GitPath = countingGit });
        var first = await source.CheckoutAsync(repo.Path, commit, null, Ct);
        var runs = File.ReadAllLines(log).Length;

        var again = await source.CheckoutAsync(repo.Path, commit, null, Ct);

        Assert.True(runs > 0);
        Assert.Equal(first, again);
        Assert.Equal(runs, File.ReadAllLines(log).Length);
    }

    [Fact]
    public async Task An_unknown_revision_names_the_revision_and_the_repository()
    {
        var repo = await GitTestRepository.InitAsync(Path.Combine(_dir.Path, "remote"), Ct);
        await repo.Write("a.txt", "1").CommitAsync("first", Ct);

        var e = await Assert.ThrowsAsync<SourceException>(() => _source.CheckoutAsync(repo.Path, "no-such-branch", null, Ct));

        Assert.Equal(SourceFailure.UnknownRevision, e.Failure);
        Assert.Contains("'no-such-branch'", e.Message, StringComparison.Ordinal);
        Assert.Contains(repo.Path, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--upload-pack=touch /tmp/pwned")]
    [InlineData("main~1")]
    [InlineData("a..b")]
    public async Task Revisions_git_could_read_as_options_or_expressions_are_rejected(string revision)
    {
        var repo = await GitTestRepository.InitAsync(Path.Combine(_dir.Path, "remote"), Ct);
        await repo.Write("a.txt", "1").CommitAsync("first", Ct);

        var e = await Assert.ThrowsAsync<SourceException>(() => _source.ResolveAsync(repo.Path, revision, null, Ct));

        Assert.Equal(SourceFailure.InvalidReference, e.Failure);
    }

    [Fact]
    public async Task File_urls_and_plain_paths_share_one_mirror()
    {
        var repo = await GitTestRepository.InitAsync(Path.Combine(_dir.Path, "remote"), Ct);
        var commit = await repo.Write("a.txt", "1").CommitAsync("first", Ct);

        Assert.Equal(commit, await _source.ResolveAsync("file://" + repo.Path, "main", null, Ct));
        Assert.Equal(commit, await _source.ResolveAsync(repo.Path + "/", "main", null, Ct));
        Assert.Single(Directory.GetDirectories(Path.Combine(_dir.Path, "cache", "repos")));
    }

    [Fact]
    public async Task Parallel_checkouts_of_one_commit_share_one_work_tree_even_across_source_instances()
    {
        var repo = await GitTestRepository.InitAsync(Path.Combine(_dir.Path, "remote"), Ct);
        for (var i = 0; i < 50; i++) repo.Write($"dir{i % 5}/file{i}.yaml", $"n: {i}\n");
        var commit = await repo.CommitAsync("many files", Ct);
        // A second GitSource on the same cache stands in for a second process: only the lock files keep them apart.
        var other = new GitSource(new GitSourceOptions(Path.Combine(_dir.Path, "cache")));

        var checkouts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            (i % 2 == 0 ? _source : other).CheckoutAsync(repo.Path, i % 3 == 0 ? "main" : commit, null, Ct)));

        Assert.All(checkouts, c => Assert.Equal(commit, c.Commit));
        Assert.Single(checkouts.Select(c => c.WorkTree).Distinct());
        Assert.Equal([commit], Directory.GetFileSystemEntries(Path.Combine(_dir.Path, "cache", "trees")).Select(Path.GetFileName));
        Assert.Equal(50, Directory.GetFiles(checkouts[0].WorkTree, "*.yaml", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Staging_directories_left_by_a_crashed_process_are_swept_at_start_up_but_fresh_ones_are_kept()
    {
        var trees = Path.Combine(_dir.Path, "cache", "trees");
        var stale = Directory.CreateDirectory(Path.Combine(trees, ".tmp-deadbeef-1")).FullName;
        File.WriteAllText(Path.Combine(stale, "half-written.yaml"), "kind: Con");
        Directory.SetLastWriteTimeUtc(stale, DateTime.UtcNow - GitSource.StaleStagingAge - TimeSpan.FromMinutes(1));
        var fresh = Directory.CreateDirectory(Path.Combine(trees, ".tmp-cafebabe-2")).FullName;

        _ = new GitSource(new GitSourceOptions(Path.Combine(_dir.Path, "cache")));

        Assert.False(Directory.Exists(stale));
        Assert.True(Directory.Exists(fresh));
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _dir.Dispose();
    }
}
