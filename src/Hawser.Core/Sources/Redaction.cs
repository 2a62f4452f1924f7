using System.Text.RegularExpressions;

namespace Hawser.Sources;

/// <summary>Keeps credentials out of messages: strips user information from URLs and masks known secret values.</summary>
internal static partial class Redaction
{
    /// <summary>
    /// The URL (or any text holding URLs) without credentials: <c>https://user:pw@host</c> becomes <c>https://user@host</c>
    /// (a password may hold <c>@</c>), and the values of query parameters that carry secrets (<c>token</c>,
    /// <c>access_token</c>, <c>private_token</c>, <c>password</c>, <c>secret</c>, <c>api_key</c>, <c>sig</c>...) become <c>***</c>.
    /// Used for everything logged, shown or stored.
    /// </summary>
    public static string DisplayUrl(string url) => SecretQuery().Replace(UserInfo().Replace(url, "${scheme}${user}@"), "${key}***");

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

    // The password runs to the last "@" before the path on its line, so "p@ss" (or a password with a space) is removed whole.
    [GeneratedRegex(@"(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?<user>[^:/@\s]*):[^/\r\n]*@")]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"(?<key>[?&](?:access_token|private_token|refresh_token|id_token|token|password|passwd|secret|client_secret|api_key|apikey|sig|signature)=)[^&#\s""']*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretQuery();
}
