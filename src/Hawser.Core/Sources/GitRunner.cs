using Hawser.Processes;

namespace Hawser.Sources;

/// <summary>
/// Runs git for one repository and turns its failures into <see cref="SourceException"/>s that say what happened
/// (authentication, unreachable host, missing repository) and quote git's message with every secret masked.
/// </summary>
internal sealed class GitRunner(GitSourceOptions options)
{
    /// <summary>Runs git; throws a classified <see cref="SourceException"/> when it fails.</summary>
    public async Task<ProcessResult> RunAsync(
        string repoUrl, IReadOnlyList<string> arguments, GitEnvironment environment, RepositoryCredentials? credentials,
        TimeSpan timeout, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? extraEnvironment = null)
    {
        var result = await TryRunAsync(arguments, environment, timeout, cancellationToken, extraEnvironment, repoUrl, credentials);
        if (result.ExitCode == 0) return result;
        var detail = Tidy(result.StandardError);
        if (detail.Length == 0) detail = Tidy(result.StandardOutput);
        throw Classify(repoUrl, Redaction.Mask(detail, credentials));
    }

    /// <summary>Runs git and returns its result whatever the exit code (timeouts still throw).</summary>
    public async Task<ProcessResult> TryRunAsync(
        IReadOnlyList<string> arguments, GitEnvironment environment, TimeSpan timeout, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? extraEnvironment = null, string repoUrl = "", RepositoryCredentials? credentials = null)
    {
        var variables = new Dictionary<string, string?>(environment.Variables, StringComparer.Ordinal);
        if (extraEnvironment is not null)
        {
            foreach (var (name, value) in extraEnvironment) variables[name] = value;
        }
        // credential.helper is reset so git never stores or looks up our secrets in the user's helpers.
        var args = new List<string>(arguments.Count + 2) { "-c", "credential.helper=" };
        args.AddRange(arguments);
        try
        {
            return await ProcessRunner.RunAsync(new ProcessSpec(options.GitPath, args, Timeout: timeout, Environment: variables), cancellationToken);
        }
        catch (ToolException e)
        {
            var kind = e.Message.Contains("timed out", StringComparison.Ordinal) ? SourceFailure.Unreachable : SourceFailure.Failed;
            throw new SourceException(kind, repoUrl, Redaction.Mask(e.Message, credentials), e);
        }
    }

    /// <summary>Maps git's error text to a failure kind.</summary>
    internal static SourceException Classify(string repoUrl, string detail)
    {
        var (kind, what) = detail switch
        {
            _ when Has(detail, "Authentication failed", "could not read Username", "could not read Password",
                "Permission denied (publickey", "Host key verification failed", "The requested URL returned error: 401",
                "The requested URL returned error: 403", "HTTP Basic: Access denied")
                => (SourceFailure.AuthenticationFailed, "authentication failed"),
            _ when Has(detail, "Could not resolve host", "Failed to connect", "Couldn't connect to server", "Connection refused",
                "Connection timed out", "Operation timed out", "Network is unreachable", "No route to host", "Could not resolve hostname",
                "SSL certificate problem", "server certificate verification failed")
                => (SourceFailure.Unreachable, "repository unreachable"),
            _ when Has(detail, "couldn't find remote ref HEAD")
                => (SourceFailure.UnknownRevision, "the repository is empty (it has no commits, so no HEAD to deploy; push a first commit)"),
            _ when Has(detail, "couldn't find remote ref")
                => (SourceFailure.UnknownRevision, "no such branch or tag in the repository"),
            _ when Has(detail, "does not appear to be a git repository", "not found", "The requested URL returned error: 404")
                => (SourceFailure.RepositoryNotFound, "repository not found"),
            _ => (SourceFailure.Failed, "git failed"),
        };
        return new SourceException(kind, repoUrl, $"{what}: {detail}");
    }

    /// <summary>git's message on one line, without its generic "make sure you have the correct access rights" advice.</summary>
    internal static string Tidy(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l is not ("fatal: Could not read from remote repository." or "Please make sure you have the correct access rights" or "and the repository exists."));
        var text = string.Join("; ", lines);
        return text.Length > 2000 ? text[..2000] + "…" : text;
    }

    private static bool Has(string text, params string[] needles) =>
        needles.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase));
}
