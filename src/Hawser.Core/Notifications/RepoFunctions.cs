using System.Text.RegularExpressions;
using Hawser.Templates;

namespace Hawser.Notifications;

/// <summary>A commit's metadata as <c>repo.GetCommitMetadata</c> returns it.</summary>
/// <param name="Message">The commit message.</param>
/// <param name="Author">The author, <c>Name &lt;email&gt;</c>.</param>
/// <param name="Date">The author date.</param>
/// <param name="Tags">Tags pointing at the commit.</param>
public sealed record CommitMetadata(string Message, string Author, DateTimeOffset Date, IReadOnlyList<string> Tags);

/// <summary>Reads a commit's metadata from an app's repository (the controller's Git cache).</summary>
public interface ICommitMetadataSource
{
    /// <summary>The commit's metadata; an exception when the repository or commit cannot be read.</summary>
    Task<CommitMetadata> GetAsync(string repoUrl, string commit, CancellationToken cancellationToken);
}

/// <summary>
/// The <c>repo</c> helpers of notification templates and triggers: <c>RepoURLToHTTPS</c> (an SSH or git URL as the
/// HTTPS address a browser opens), <c>FullNameByRepoURL</c> (<c>owner/repo</c>), <c>QueryEscape</c> and
/// <c>GetCommitMetadata</c> (message, author, date and tags of a commit of the app's first source's repository).
/// </summary>
public static partial class RepoFunctions
{
    [GeneratedRegex(@"^(?:ssh://)?(?:[^@/]+@)?(?<host>[^:/]+)(?::\d+)?[:/](?<path>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SshUrl();

    /// <summary>The map to place under <c>repo</c>. <paramref name="commits"/> holds the metadata of the commits
    /// <c>GetCommitMetadata</c> may be asked for (read beforehand: templates run synchronously, as Go's do).</summary>
    public static IReadOnlyDictionary<string, object?> Create(IReadOnlyDictionary<string, CommitMetadata> commits) =>
        new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["RepoURLToHTTPS"] = new TemplateFunction(args => RepoUrlToHttps(One(args, "RepoURLToHTTPS"))),
            ["FullNameByRepoURL"] = new TemplateFunction(args => FullNameByRepoUrl(One(args, "FullNameByRepoURL"))),
            ["QueryEscape"] = new TemplateFunction(args => Uri.EscapeDataString(One(args, "QueryEscape")).Replace("%20", "+", StringComparison.Ordinal)),
            ["GetCommitMetadata"] = new TemplateFunction(args => CommitMetadataOf(One(args, "GetCommitMetadata"), commits)),
        };

    /// <summary><c>git@github.com:org/repo.git</c> and <c>ssh://git@host/org/repo</c> become <c>https://host/org/repo</c>;
    /// an HTTP(S) URL loses its credentials and <c>.git</c>.</summary>
    public static string RepoUrlToHttps(string url)
    {
        url = url.Trim();
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            var builder = new UriBuilder(uri) { UserName = "", Password = "" };
            return TrimGit(builder.Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped));
        }
        var match = SshUrl().Match(url);
        return match.Success ? $"https://{match.Groups["host"].Value}/{TrimGit(match.Groups["path"].Value.TrimStart('/'))}" : url;
    }

    /// <summary>The repository's path without the host and <c>.git</c>: <c>argoproj/argo-cd</c>.</summary>
    public static string FullNameByRepoUrl(string url)
    {
        var https = RepoUrlToHttps(url);
        return Uri.TryCreate(https, UriKind.Absolute, out var uri) ? TrimGit(uri.AbsolutePath.Trim('/')) : TrimGit(url);
    }

    private static string TrimGit(string text)
    {
        text = text.TrimEnd('/');
        return text.EndsWith(".git", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static object CommitMetadataOf(string commit, IReadOnlyDictionary<string, CommitMetadata> commits)
    {
        if (!commits.TryGetValue(commit, out var metadata))
            throw new TemplateFunctionException($"no metadata of commit '{commit}': only the app's synced and compared revisions are read");
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Message"] = metadata.Message,
            ["Author"] = metadata.Author,
            ["Date"] = metadata.Date,
            ["Tags"] = metadata.Tags.Cast<object?>().ToList(),
        };
    }

    private static string One(IReadOnlyList<object?> args, string name) =>
        args is [string s] ? s : throw new TemplateFunctionException($"{name} takes one string");
}
