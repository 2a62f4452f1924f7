using System.Security.Cryptography;
using System.Text;
using Hawser.Settings;
using Hawser.Webhooks;

namespace Hawser.Core.Tests.Webhooks;

/// <summary>Provider payloads (testdata/, written after each provider's documented example) and signed requests.</summary>
internal static class WebhookFixtures
{
    public static byte[] Payload(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Webhooks", "testdata", name));

    public static WebhookRequest Request(byte[] body, params (string Name, string Value)[] headers) =>
        new(headers.Select(h => KeyValuePair.Create(h.Name, h.Value)), body);

    public static ServerSecrets Secrets(params (string Key, string Value)[] secrets)
    {
        var all = secrets.ToDictionary(s => s.Key, s => new SecretText(s.Value), StringComparer.Ordinal);
        return new ServerSecrets(null, null, null, all, all);
    }

    public static string HmacSha256(string secret, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static string HmacSha1(string secret, byte[] body) => Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), body));
}
