using System.Security.Cryptography;
using System.Text;

namespace Hawser.Sandbox.Hosting;

/// <summary>
/// The sandbox's bearer token: random, kept in <c>token</c> in the data directory, compared in constant time; its holder is
/// the sandbox's administrator. Service account tokens issued by the sandbox (<see cref="ServiceAccounts"/>) are accepted too.
/// </summary>
internal sealed class BearerToken
{
    private readonly byte[] _expected;

    private BearerToken(string value, TimeProvider time)
    {
        Value = value;
        _expected = Encoding.ASCII.GetBytes("Bearer " + value);
        ServiceAccounts = new ServiceAccountTokens(HMACSHA256.HashData(Encoding.ASCII.GetBytes(value), "service account tokens"u8), time);
    }

    public string Value { get; }

    /// <summary>Issues and checks the service account tokens of this sandbox.</summary>
    public ServiceAccountTokens ServiceAccounts { get; }

    public static BearerToken LoadOrCreate(string path, TimeProvider time)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length >= 32) return new BearerToken(existing, time);
        }
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        SandboxCertificates.WriteSecret(path, token);
        return new BearerToken(token, time);
    }

    /// <summary>Who the Authorization header's token stands for, or null when it carries no token this sandbox accepts.</summary>
    public SandboxIdentity? Authenticate(string? authorization)
    {
        if (authorization is null) return null;
        var trimmed = authorization.Trim();
        if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(trimmed), _expected)) return SandboxIdentity.Admin;
        return trimmed.StartsWith("Bearer ", StringComparison.Ordinal) ? ServiceAccounts.Validate(trimmed["Bearer ".Length..].Trim()) : null;
    }
}
