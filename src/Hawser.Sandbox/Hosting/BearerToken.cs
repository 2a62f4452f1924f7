using System.Security.Cryptography;
using System.Text;

namespace Hawser.Sandbox.Hosting;

/// <summary>The sandbox's bearer token: random, kept in <c>token</c> in the data directory, compared in constant time.</summary>
internal sealed class BearerToken
{
    private readonly byte[] _expected;

    private BearerToken(string value)
    {
        Value = value;
        _expected = Encoding.ASCII.GetBytes("Bearer " + value);
    }

    public string Value { get; }

    public static BearerToken LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length >= 32) return new BearerToken(existing);
        }
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        SandboxCertificates.WriteSecret(path, token);
        return new BearerToken(token);
    }

    /// <summary>True when the Authorization header carries this token.</summary>
    public bool Accepts(string? authorization)
    {
        if (authorization is null) return false;
        var given = Encoding.ASCII.GetBytes(authorization.Trim());
        return CryptographicOperations.FixedTimeEquals(given, _expected);
    }
}
