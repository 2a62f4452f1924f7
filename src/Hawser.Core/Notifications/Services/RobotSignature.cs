using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hawser.Notifications.Services;

/// <summary>The signing schemes of chat robots whose webhook has a secret ("加签" / signature verification).</summary>
internal static class RobotSignature
{
    /// <summary>DingTalk: <c>timestamp</c> in milliseconds; sign = Base64(HMAC-SHA256(key: secret, data: timestamp + "\n" +
    /// secret)), URL-encoded into the query as <c>&amp;timestamp=..&amp;sign=..</c>.</summary>
    public static string DingTalkQuery(string secret, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "\n" + secret)));
        return $"timestamp={timestamp}&sign={Uri.EscapeDataString(sign)}";
    }

    /// <summary>Feishu/Lark: <c>timestamp</c> in seconds; sign = Base64(HMAC-SHA256(key: timestamp + "\n" + secret, data:
    /// empty)), sent in the JSON body as <c>timestamp</c> (a string) and <c>sign</c>.</summary>
    public static (string Timestamp, string Sign) Feishu(string secret, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return (timestamp, Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(timestamp + "\n" + secret), Array.Empty<byte>())));
    }
}
