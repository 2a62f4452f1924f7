using System.Collections.Concurrent;
using Hawser.Sources;

namespace Hawser.Rendering;

/// <summary>
/// Credentials written into a <c>repoURL</c> (<c>https://user:pw@host/...</c>, <c>?token=...</c>) are never stored: what the
/// state database keeps is the URL without them (<see cref="Redaction.DisplayUrl"/>). This process-memory map lets an app
/// read back from the store (a child app registered by its parent, a rollback) fetch with the credentials its declaration
/// carried, for as long as the process that saw them runs.
/// </summary>
internal sealed class UrlCredentialMemory
{
    private readonly ConcurrentDictionary<string, string> _full = new(StringComparer.Ordinal);

    /// <summary>The URL to fetch from: a URL with credentials is remembered and returned as is; a URL without, with the
    /// credentials last seen for it, if any.</summary>
    public string Recall(string url)
    {
        var shown = Redaction.DisplayUrl(url);
        if (!string.Equals(shown, url, StringComparison.Ordinal))
        {
            _full[shown] = url;
            return url;
        }
        return _full.TryGetValue(url, out var full) ? full : url;
    }
}
