namespace Hawser.Auth;

/// <summary>What a Hawser-issued token is.</summary>
public enum TokenKind
{
    /// <summary>A login session of a local account (expires; void once the password changes).</summary>
    Session,

    /// <summary>An API token of a local account (<c>hawser account generate-token</c>); revocable by id.</summary>
    ApiKey,

    /// <summary>A project role token (<c>proj:NAME:ROLE</c>); revocable by id.</summary>
    Project,

    /// <summary>A session of a user signed in through OIDC SSO (expires; carries the user's groups).</summary>
    Sso,
}

/// <summary>The claims of a valid Hawser token.</summary>
/// <param name="Subject">The account name or <c>proj:NAME:ROLE</c>.</param>
/// <param name="Kind">What the token is.</param>
/// <param name="Id">jti.</param>
/// <param name="IssuedAt">iat.</param>
/// <param name="ExpiresAt">exp, or null for a token that never expires.</param>
/// <param name="Groups">The groups of an SSO session (from the provider's claims named by RBAC's <c>scopes</c>); empty otherwise.</param>
public sealed record TokenClaims(string Subject, TokenKind Kind, string Id, DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt, IReadOnlyList<string>? Groups = null);
