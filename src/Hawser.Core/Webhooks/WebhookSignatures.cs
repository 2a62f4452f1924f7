using System.Security.Cryptography;
using System.Text;
using Hawser.Settings;

namespace Hawser.Webhooks;

/// <summary>The shared-secret checks the providers use, each compared in constant time. Messages never contain a secret.</summary>
internal static class WebhookSignatures
{
    /// <summary>Checks a hex HMAC of the body, optionally prefixed (<c>sha256=</c>); null when it matches, else why not.</summary>
    public static string? CheckHmac(string? header, string headerName, string prefix, HashAlgorithmName algorithm, SecretText secret, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(header)) return $"the request has no {headerName} header, but a webhook secret is configured";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return $"the {headerName} header is not of the form {prefix}<hex digest>";
        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return $"the {headerName} header is not a hex digest";
        }
        var key = Encoding.UTF8.GetBytes(secret.Reveal());
        var expected = algorithm == HashAlgorithmName.SHA1 ? HMACSHA1.HashData(key, body) : HMACSHA256.HashData(key, body);
        return CryptographicOperations.FixedTimeEquals(given, expected) ? null : $"the {headerName} signature does not match the configured secret";
    }

    /// <summary>Checks a token sent as is (GitLab's token, Bitbucket's hook UUID); null when it matches, else why not.</summary>
    public static string? CheckToken(string? header, string headerName, SecretText secret)
    {
        if (string.IsNullOrEmpty(header)) return $"the request has no {headerName} header, but a webhook secret is configured";
        var equal = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header.Trim()), Encoding.UTF8.GetBytes(secret.Reveal().Trim()));
        return equal ? null : $"the {headerName} header does not match the configured secret";
    }
}
