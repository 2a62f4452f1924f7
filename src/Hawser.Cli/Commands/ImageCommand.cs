using System.CommandLine;
using Hawser.Images;
using Hawser.Sources;

namespace Hawser.Cli.Commands;

/// <summary>
/// <c>hawser image set|copy</c>: write a new image version into a config repo (for CI), and copy images between
/// registries without Docker. Exit codes: 0 ok (also when the repo already had the version), 1 error, 2 usage.
/// </summary>
internal static class ImageCommand
{
    public static Command Create()
    {
        var command = new Command("image", "Write image versions into a config repo, and copy images between registries.");
        command.Subcommands.Add(Set());
        command.Subcommands.Add(Copy());
        return command;
    }

    private static Command Set()
    {
        var image = new Argument<string>("image") { Description = "The image with its new version: NAME:TAG, NAME@DIGEST or NAME:TAG@DIGEST." };
        var repo = new Option<string>("--repo") { Description = "The config repo: a Git URL, or the path of a repository to clone and push to.", Required = true };
        var branch = new Option<string?>("--branch") { Description = "The branch to change (default: the repo's default branch)." };
        var app = new Option<string?>("--app") { Description = "The Application whose image to set (found in the repo, app of apps included)." };
        var path = new Option<string?>("--path") { Description = "The app directory in the repo, instead of --app." };
        var helmKey = new Option<string?>("--helm-key") { Description = "The Helm values key holding the tag (e.g. image.tag), when it is not an image.repository/image.tag pair." };
        var message = new Option<string?>("--message", "-m") { Description = $"The commit message; {{app}} {{image}} {{tag}} {{digest}} {{version}} are filled in (default: \"{ImageSetter.DefaultMessage}\")." };
        var authorName = new Option<string?>("--author-name") { Description = "The commit author's name (default: GIT_AUTHOR_NAME, else Hawser)." };
        var authorEmail = new Option<string?>("--author-email") { Description = "The commit author's email (default: GIT_AUTHOR_EMAIL, else hawser@localhost)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the diff; commit and push nothing." };
        var attempts = new Option<int>("--attempts") { Description = "How many times to push when the branch keeps moving.", DefaultValueFactory = _ => 5 };
        var username = new Option<string?>("--username") { Description = "HTTPS username (default: HAWSER_GIT_USERNAME); the password or token is read from HAWSER_GIT_PASSWORD." };
        var sshKey = new Option<string?>("--ssh-key") { Description = "An SSH private key file for ssh:// and git@ URLs (default: HAWSER_GIT_SSH_KEY_FILE)." };
        var insecure = new Option<bool>("--insecure-skip-tls-verify") { Description = "Do not verify the Git server's TLS certificate." };
        var command = new Command("set", "Set an app's image version in the config repo with a minimal edit, commit and push (for CI).")
        {
            image, repo, branch, app, path, helmKey, message, authorName, authorEmail, dryRun, attempts, username, sshKey, insecure,
        };
        command.SetAction((parsed, ct) => RunAsync(async () =>
        {
            if (parsed.GetValue(app) is null && parsed.GetValue(path) is null) throw new UsageException("name the app (--app NAME) or its directory (--path P)");
            var reference = ParseImage(parsed.GetValue(image)!);
            if (reference.Tag is null && reference.Digest is null) throw new UsageException($"{reference}: give the new version as IMAGE:TAG or IMAGE@DIGEST");
            var author = GitAuthor.FromEnvironment();
            author = new GitAuthor(parsed.GetValue(authorName) ?? author.Name, parsed.GetValue(authorEmail) ?? author.Email);
            var request = new ImageSetRequest(RepoArgument(parsed.GetValue(repo)!), reference)
            {
                Branch = parsed.GetValue(branch),
                App = parsed.GetValue(app),
                Path = parsed.GetValue(path),
                HelmKey = parsed.GetValue(helmKey),
                Message = parsed.GetValue(message),
                Author = author,
                Credentials = await GitCredentialsAsync(parsed.GetValue(username), parsed.GetValue(sshKey), parsed.GetValue(insecure), ct),
                DryRun = parsed.GetValue(dryRun),
                MaxAttempts = Math.Max(1, parsed.GetValue(attempts)),
            };
            using var scratch = new ScratchDirectory("image");
            var result = await new ImageSetter(scratch.Path).SetAsync(request, ct);
            if (request.DryRun)
            {
                Console.Out.Write(result.Diff);
                if (result.Changes.Count == 0) Console.Error.WriteLine($"{result.App}: {reference.Name} is already at {ImageVersion.Of(reference)}");
                return ExitCodes.Ok;
            }
            foreach (var change in result.Changes) Console.Out.WriteLine(change);
            Console.Out.WriteLine(result.Commit is null
                ? $"{result.App}: {reference.Name} is already at {ImageVersion.Of(reference)}; nothing to commit"
                : $"{result.App}: pushed {result.Commit[..12]} to {result.Branch}" + (result.Attempts > 1 ? $" (after {result.Attempts - 1} rejected push(es))" : ""));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Copy()
    {
        var source = new Argument<string>("source") { Description = "The image to copy: REGISTRY/NAME[:TAG|@DIGEST]." };
        var target = new Argument<string>("target") { Description = "Where to: REGISTRY/NAME[:TAG] (the source tag is kept when none is given)." };
        var allPlatforms = new Option<bool>("--all-platforms") { Description = "Copy the whole multi-platform index, not one platform." };
        var platform = new Option<string?>("--platform") { Description = "The platform to copy from an index (default linux/amd64)." };
        var sourceCreds = new Option<string?>("--src-creds") { Description = "USER:PASSWORD for the source registry (default: Docker's config.json)." };
        var targetCreds = new Option<string?>("--dst-creds") { Description = "USER:PASSWORD for the target registry (default: Docker's config.json)." };
        var dockerConfig = new Option<string?>("--docker-config") { Description = "The Docker config.json to read credentials from (default: $DOCKER_CONFIG/config.json or ~/.docker/config.json)." };
        var command = new Command("copy", "Copy an image between registries (blobs streamed, mounted or skipped when present, digests verified).")
        {
            source, target, allPlatforms, platform, sourceCreds, targetCreds, dockerConfig,
        };
        command.SetAction((parsed, ct) => RunAsync(async () =>
        {
            if (parsed.GetValue(allPlatforms) && parsed.GetValue(platform) is not null) throw new UsageException("use either --all-platforms or --platform, not both");
            var request = new ImageCopyRequest(ParseImage(parsed.GetValue(source)!), ParseImage(parsed.GetValue(target)!), parsed.GetValue(allPlatforms),
                parsed.GetValue(platform) is { } p ? ParsePlatform(p) : null,
                Credentials(parsed.GetValue(sourceCreds), "--src-creds"), Credentials(parsed.GetValue(targetCreds), "--dst-creds"));
            if (request.Target.Digest is not null) throw new UsageException($"{request.Target}: the target names a tag, not a digest");
            var config = await DockerConfigCredentials.LoadAsync(parsed.GetValue(dockerConfig), ct);
            using var access = new RegistryAccess();
            var view = new CopyProgressView(Console.Out);
            var report = await new ImageCopier(access, config).CopyAsync(request, view, ct);
            view.Finish();
            Console.Out.WriteLine($"copied {request.Source} to {report.Target} ({report.Digest}): {report.BlobsCopied} blob(s) copied ({Bytes(report.BytesCopied)}), "
                + $"{report.BlobsMounted} mounted, {report.BlobsSkipped} already there; {report.ManifestsPushed} manifest(s) pushed, {report.ManifestsSkipped} already there");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is ImageException or SourceException or IOException or UnauthorizedAccessException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Error;
        }
    }

    private static ImageReference ParseImage(string text) =>
        ImageReference.TryParse(text) ?? throw new UsageException($"'{text}' is not an image reference (expected [registry/]name[:tag][@sha256:digest])");

    private static ImagePlatform ParsePlatform(string text)
    {
        try
        {
            return ImagePlatform.Parse(text);
        }
        catch (ImageException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static RepositoryCredentials? Credentials(string? pair, string option)
    {
        if (pair is null) return null;
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) throw new UsageException($"{option} must have the form USER:PASSWORD");
        return new RepositoryCredentials(pair[..colon], pair[(colon + 1)..]);
    }

    /// <summary>A local path is made absolute (git clones it relative to its own working directory otherwise).</summary>
    private static string RepoArgument(string repo) =>
        repo.Contains("://", StringComparison.Ordinal) || repo.Contains('@', StringComparison.Ordinal) ? repo : Path.GetFullPath(repo);

    private static async Task<RepositoryCredentials?> GitCredentialsAsync(string? username, string? sshKeyFile, bool insecure, CancellationToken cancellationToken)
    {
        username ??= Environment.GetEnvironmentVariable("HAWSER_GIT_USERNAME");
        var password = Environment.GetEnvironmentVariable("HAWSER_GIT_PASSWORD");
        sshKeyFile ??= Environment.GetEnvironmentVariable("HAWSER_GIT_SSH_KEY_FILE");
        string? key = null;
        if (sshKeyFile is { Length: > 0 })
        {
            if (!File.Exists(sshKeyFile)) throw new UsageException($"--ssh-key {sshKeyFile}: no such file");
            key = await File.ReadAllTextAsync(sshKeyFile, cancellationToken);
        }
        return username is null && password is null && key is null && !insecure ? null : new RepositoryCredentials(username, password, key, insecure);
    }

    internal static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.0} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB",
    };
}

/// <summary>Shows a copy as it runs: on a terminal, a status line of the blob in flight rewritten in place; otherwise one line per blob or manifest done.</summary>
internal sealed class CopyProgressView(TextWriter output) : IProgress<ImageCopyProgress>
{
    private readonly bool _terminal = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);
    private readonly Lock _lock = new();
    private bool _statusShown;

    public void Report(ImageCopyProgress value)
    {
        lock (_lock)
        {
            var digest = value.Digest.Length > 19 ? value.Digest[..19] : value.Digest;
            if (value.Action == ImageCopyAction.Uploading)
            {
                if (!_terminal) return;
                output.Write($"\r\u001b[2K\u001b[36m⋯\u001b[0m {digest} {ImageCommand.Bytes(value.Bytes)} / {ImageCommand.Bytes(value.Size)}");
                _statusShown = true;
                return;
            }
            Finish();
            var action = value.Action.ToString().ToLowerInvariant();
            output.WriteLine(_terminal ? $"  \u001b[32m{action,-8}\u001b[0m {digest} \u001b[2m{ImageCommand.Bytes(value.Size)}\u001b[0m" : $"{action} {value.Digest} {value.Size}");
        }
    }

    /// <summary>Removes the status line.</summary>
    public void Finish()
    {
        if (!_statusShown) return;
        output.Write("\r\u001b[2K");
        _statusShown = false;
    }
}
