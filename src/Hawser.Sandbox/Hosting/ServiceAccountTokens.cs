using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Hosting;

/// <summary>
/// Service account tokens as <c>kubectl create token</c> asks for them (the TokenRequest API): JWTs with Kubernetes' claims
/// (<c>iss</c>, <c>sub</c> <c>system:serviceaccount:NS:NAME</c>, <c>aud</c>, <c>exp</c>, <c>kubernetes.io</c>), signed with
/// HMAC-SHA256 under a key derived from the sandbox's own token, so a token is valid for this sandbox only. A token is
/// accepted as a credential while it has not expired and names the API server among its audiences, as the API server
/// accepts only tokens meant for it.
/// </summary>
internal sealed class ServiceAccountTokens(byte[] key, TimeProvider time)
{
    /// <summary>The issuer, and the API server's audience (a TokenRequest without audiences gets it).</summary>
    public const string Issuer = "https://kubernetes.default.svc.cluster.local";

    private static readonly string Header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8);

    /// <summary>A token for the service account, valid for <paramref name="lifetime"/>.</summary>
    public (string Token, DateTimeOffset Expires) Issue(string ns, string name, string uid, IReadOnlyList<string> audiences, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        var expires = DateTimeOffset.FromUnixTimeSeconds((now + lifetime).ToUnixTimeSeconds());
        var claims = new JsonObject
        {
            ["aud"] = new JsonArray(audiences.Select(a => (JsonNode)JsonValue.Create(a)).ToArray()),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = new JsonObject
            {
                ["namespace"] = ns,
                ["serviceaccount"] = new JsonObject { ["name"] = name, ["uid"] = uid },
            },
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["sub"] = $"system:serviceaccount:{ns}:{name}",
        };
        var unsigned = Header + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return (unsigned + "." + Base64Url(Sign(unsigned)), expires);
    }

    /// <summary>The service account a token stands for, or null when it is not one of this sandbox's valid tokens.</summary>
    public SandboxIdentity? Validate(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Header) return null;
        if (!TryBase64Url(parts[2], out var signature) || !CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1]))) return null;
        if (!TryBase64Url(parts[1], out var payload) || JsonNode.Parse(payload) is not JsonObject claims) return null;
        if (claims["exp"]?.GetValue<long>() is not { } exp || exp <= time.GetUtcNow().ToUnixTimeSeconds()) return null;
        if (claims["aud"] is not JsonArray audiences || !audiences.Any(a => a?.GetValue<string>() == Issuer)) return null;
        if (claims["kubernetes.io"] is not JsonObject k8s || k8s["namespace"]?.GetValue<string>() is not { } ns
            || k8s["serviceaccount"]?["name"]?.GetValue<string>() is not { } name) return null;
        return SandboxIdentity.ServiceAccount(ns, name, k8s["serviceaccount"]?["uid"]?.GetValue<string>() ?? "");
    }

    private byte[] Sign(string unsigned) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(unsigned));

    private static string Base64Url(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryBase64Url(string text, out byte[] data)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        data = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, data, out var written)) return false;
        data = data[..written];
        return true;
    }
}
