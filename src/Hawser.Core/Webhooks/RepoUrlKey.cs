namespace Hawser.Webhooks;

/// <summary>
/// A repository URL reduced to what identifies the repository, so that the URL a webhook payload gives and the URL an
/// Application declares compare equal whatever their form: scheme (<c>https://</c>, <c>ssh://</c>, <c>git://</c>, scp-like
/// <c>git@host:org/repo</c>), user info, port, a trailing <c>.git</c> or <c>/</c>, and case are ignored, as Argo CD's
/// webhook handler matches them.
/// </summary>
public static class RepoUrlKey
{
    /// <summary>The key of a repository URL: <c>host/path</c> in lower case (<c>github.com/org/repo</c>); a local path
    /// (<c>file:///srv/repo</c> or <c>/srv/repo</c>) keeps its path.</summary>
    public static string Of(string url)
    {
        var text = url.Trim().ToLowerInvariant();
        string host;
        string path;
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var rest = text[(scheme + 3)..];
            var slash = rest.IndexOf('/');
            var authority = slash < 0 ? rest : rest[..slash];
            path = slash < 0 ? "" : rest[slash..];
            host = authority[(authority.LastIndexOf('@') + 1)..];
            var port = host.LastIndexOf(':');
            if (port >= 0 && !host.EndsWith(']')) host = host[..port];
        }
        else if (!text.StartsWith('/') && text.IndexOf(':') is var colon and > 0 && !text[..colon].Contains('/'))
        {
            // scp-like syntax: [user@]host:path
            host = text[..colon];
            host = host[(host.LastIndexOf('@') + 1)..];
            path = text[(colon + 1)..];
        }
        else
        {
            host = "";
            path = text;
        }
        path = path.Trim('/');
        if (path.EndsWith(".git", StringComparison.Ordinal)) path = path[..^4].TrimEnd('/');
        return host.Length == 0 ? "/" + path : host + "/" + path;
    }
}
