using System.Text.RegularExpressions;

namespace Hawser.Sources;

/// <summary>Keeps credentials out of messages: strips user information from URLs and masks known secret values.</summary>
internal static partial class Redaction
{
    /// <summary>The URL without its password (<c>https://user:pw@host</c> becomes <c>https://user@host</c>).</summary>
    public static string DisplayUrl(string url) => UserInfo().Replace(url, "${scheme}${user}@");

    /// <summary>Replaces every occurrence of each secret in <paramref name="text"/> with <c>***</c> and strips URL passwords.</summary>
    public static string Mask(string text, RepositoryCredentials? credentials)
    {
        text = DisplayUrl(text);
        if (credentials is null) return text;
        foreach (var secret in new[] { credentials.Password, credentials.SshPrivateKey, credentials.TlsClientKey })
        {
            if (!string.IsNullOrEmpty(secret)) text = text.Replace(secret, "***", StringComparison.Ordinal);
        }
        return text;
    }

    [GeneratedRegex(@"(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?<user>[^:/@\s]*):[^@/\s]*@")]
    private static partial Regex UserInfo();
}
