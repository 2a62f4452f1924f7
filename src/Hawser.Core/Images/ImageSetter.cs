using Hawser.Sources;

namespace Hawser.Images;

/// <summary>What <c>hawser image set</c> is asked to do.</summary>
/// <param name="Repo">The config repo: a Git URL, or a local path of a repository to clone and push to.</param>
/// <param name="Image">The image with its new tag and/or digest.</param>
public sealed record ImageSetRequest(string Repo, ImageReference Image)
{
    /// <summary>The branch to change (the remote's default branch when null).</summary>
    public string? Branch { get; init; }

    /// <summary>The Application whose declaration to change (found in the repo, app of apps included).</summary>
    public string? App { get; init; }

    /// <summary>The app directory instead of an Application name.</summary>
    public string? Path { get; init; }

    /// <summary>The Helm values key to set (e.g. <c>image.tag</c>) instead of looking for the image.</summary>
    public string? HelmKey { get; init; }

    /// <summary>The commit message template: <c>{app}</c>, <c>{image}</c>, <c>{tag}</c>, <c>{digest}</c>, <c>{version}</c> are filled in.</summary>
    public string? Message { get; init; }

    /// <summary>The commit author (else <see cref="GitAuthor.FromEnvironment"/>).</summary>
    public GitAuthor? Author { get; init; }

    /// <summary>HTTPS or SSH credentials for the repo.</summary>
    public RepositoryCredentials? Credentials { get; init; }

    /// <summary>Compute and return the diff; commit and push nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>How many times to push when the branch keeps moving underneath.</summary>
    public int MaxAttempts { get; init; } = 5;
}

/// <summary>What <c>hawser image set</c> did.</summary>
/// <param name="App">The app name.</param>
/// <param name="Directory">The app directory in the repo.</param>
/// <param name="Changes">What changed, one line per value.</param>
/// <param name="Diff">The unified diff of the change (empty when nothing changed).</param>
/// <param name="Commit">The pushed commit; null for a dry run or when the repo already had the version.</param>
/// <param name="Branch">The branch written to.</param>
/// <param name="Attempts">How many pushes it took.</param>
public sealed record ImageSetResult(string App, string Directory, IReadOnlyList<string> Changes, string Diff, string? Commit, string Branch, int Attempts);

/// <summary>
/// <c>hawser image set</c>: clones the config repo, finds where the app declares the image, changes only its version
/// with a minimal text edit, commits and pushes. A push rejected because the branch moved is retried from the new head,
/// the edit worked out again on the new files, up to <see cref="ImageSetRequest.MaxAttempts"/> times.
/// </summary>
public sealed class ImageSetter(string scratchDirectory, TimeSpan? gitTimeout = null)
{
    /// <summary>The default commit message.</summary>
    public const string DefaultMessage = "Set image {image} to {version} for {app}";

    private readonly TimeSpan _timeout = gitTimeout ?? TimeSpan.FromMinutes(2);

    /// <summary>Runs before each push (attempt number from 1); tests use it to move the branch meanwhile.</summary>
    internal Func<int, CancellationToken, Task>? BeforePush { get; init; }

    /// <summary>Sets the image; throws <see cref="ImageException"/> or <see cref="SourceException"/> with what went wrong.</summary>
    public async Task<ImageSetResult> SetAsync(ImageSetRequest request, CancellationToken cancellationToken)
    {
        var version = ImageVersion.Of(request.Image);
        if (request.App is null && request.Path is null) throw new ImageException("name the app (--app NAME) or its directory (--path P)");
        using var workspace = await GitWorkspace.CloneAsync(request.Repo, request.Branch, request.Credentials, scratchDirectory, _timeout, cancellationToken);
        var locator = new AppLocator(workspace.Directory, System.IO.Path.Combine(scratchDirectory, $"hawser-locate-{Guid.NewGuid():N}"));
        var declarations = new ImageDeclarations(locator);
        var author = request.Author ?? GitAuthor.FromEnvironment();

        for (var attempt = 1; ; attempt++)
        {
            // The app is looked up again on every attempt: the commit that beat us may have moved it.
            var app = request.Path is not null
                ? locator.ForPath(request.Path, request.App ?? LastSegment(request.Path))
                : await locator.LocateAsync(request.App!, cancellationToken);
            var changes = await declarations.PlanAsync(app, request.Image, version, request.HelmKey, cancellationToken);
            foreach (var change in changes) await change.WriteAsync(cancellationToken);
            var lines = changes.SelectMany(c => c.Changes).ToList();
            var diff = changes.Count == 0 ? "" : await workspace.DiffAsync(cancellationToken);
            if (request.DryRun || diff.Length == 0) return new ImageSetResult(app.App, app.Directory, lines, diff, null, workspace.Branch, attempt - 1);

            var commit = await workspace.CommitAsync(Message(request, app.App, version), author, cancellationToken);
            if (BeforePush is not null) await BeforePush(attempt, cancellationToken);
            if (await workspace.PushAsync(cancellationToken) == PushOutcome.Pushed)
            {
                return new ImageSetResult(app.App, app.Directory, lines, diff, commit, workspace.Branch, attempt);
            }
            if (attempt >= request.MaxAttempts)
            {
                throw new ImageException($"{Redaction.DisplayUrl(request.Repo)}: the push to {workspace.Branch} was rejected {attempt} times (the branch keeps moving); try again");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 250) * attempt), cancellationToken);
            await workspace.ResetToRemoteAsync(cancellationToken);
        }
    }

    private static string Message(ImageSetRequest request, string app, ImageVersion version) =>
        (request.Message ?? DefaultMessage)
            .Replace("{app}", app, StringComparison.Ordinal)
            .Replace("{image}", request.Image.Name, StringComparison.Ordinal)
            .Replace("{tag}", version.Tag ?? "", StringComparison.Ordinal)
            .Replace("{digest}", version.Digest ?? "", StringComparison.Ordinal)
            .Replace("{version}", version.ToString(), StringComparison.Ordinal);

    private static string LastSegment(string path) => path.Replace('\\', '/').Trim('/') is { Length: > 0 } p && p != "." ? p.Split('/')[^1] : "app";
}
