using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hawser.Auth;

/// <summary>
/// Issues and checks Hawser's tokens: JWTs signed with HMAC-SHA256 by this instance's key, with this instance's issuer and
/// audience. A token is accepted only when its algorithm is HS256, its signature, issuer and audience are this instance's,
/// and it has not expired (30 seconds of clock skew); so a token of one Hawser is never accepted by another.
/// </summary>
public sealed class TokenSigner
{
    private const string KindClaim = "hawser.io/kind";
    private const string GroupsClaim = "groups";
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private readonly SymmetricSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TimeProvider _time;

    /// <param name="key">The HMAC key (argocd-secret <c>server.secretkey</c>, or one Hawser generated); at least 32 bytes.</param>
    /// <param name="issuer">iss: this instance (its URL, or <c>hawser</c>).</param>
    /// <param name="audience">aud: this instance's id.</param>
    public TokenSigner(byte[] key, string issuer, string audience, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32) throw new ArgumentException("the token signing key must be at least 32 bytes", nameof(key));
        _key = new SymmetricSecurityKey(key);
        Issuer = issuer;
        Audience = audience;
        _time = time;
    }

    public string Issuer { get; }

    public string Audience { get; }

    /// <summary>A new random key of 32 bytes, base64.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A signed token for <paramref name="claims"/>.</summary>
    public string Issue(TokenClaims claims)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = claims.IssuedAt.UtcDateTime,
            NotBefore = claims.IssuedAt.UtcDateTime,
            Expires = claims.ExpiresAt?.UtcDateTime,
            Subject = new ClaimsIdentity([new Claim("sub", claims.Subject), new Claim("jti", claims.Id), new Claim(KindClaim, claims.Kind.ToString())]),
            Claims = claims.Groups is { Count: > 0 } groups ? new Dictionary<string, object> { [GroupsClaim] = groups.ToArray() } : null,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        };
        return _handler.CreateToken(descriptor);
    }

    /// <summary>The token's claims, or the reason it is refused.</summary>
    public async Task<(TokenClaims? Claims, string? Error)> ValidateAsync(string token)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = false,
            // Lifetime is checked below against the injected clock.
            ValidateLifetime = false,
        };
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid) return (null, Describe(result.Exception));
        var jwt = (JsonWebToken)result.SecurityToken;
        if (!jwt.TryGetPayloadValue<string>("sub", out var sub) || !jwt.TryGetPayloadValue<string>("jti", out var jti)
            || !jwt.TryGetPayloadValue<string>(KindClaim, out var kindText) || !Enum.TryParse<TokenKind>(kindText, out var kind))
        {
            return (null, "the token lacks Hawser's claims");
        }
        DateTimeOffset? expires = jwt.ValidTo == DateTime.MinValue ? null : new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        if (expires is { } exp && exp <= now - Skew) return (null, "the token has expired");
        if (jwt.ValidFrom != DateTime.MinValue && new DateTimeOffset(jwt.ValidFrom, TimeSpan.Zero) > now + Skew) return (null, "the token is not valid yet");
        var groups = jwt.TryGetPayloadValue<string[]>(GroupsClaim, out var g) ? g : [];
        return (new TokenClaims(sub, kind, jti, new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero), expires, groups), null);
    }

    private static string Describe(Exception? e) => e switch
    {
        SecurityTokenInvalidAudienceException => "the token was issued for another audience",
        SecurityTokenInvalidIssuerException => "the token was issued by another issuer",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the token's signature is not valid",
        SecurityTokenInvalidAlgorithmException => "the token's signing algorithm is not accepted",
        _ => "the token is malformed",
    };
}
