namespace Hawser.Auth;

/// <summary>How a caller proved who it is.</summary>
public enum CallerKind
{
    /// <summary>A local account (session or API token).</summary>
    Local,

    /// <summary>A user signed in through OIDC SSO.</summary>
    Sso,

    /// <summary>A project role token (<c>proj:NAME:ROLE</c>).</summary>
    ProjectToken,

    /// <summary>Hawser's own controller (automated sync, self-heal).</summary>
    Controller,
}

/// <summary>
/// Who is asking: the RBAC subject (a user name, or <c>proj:NAME:ROLE</c> for a project token), the groups taken from the
/// token's <c>scopes</c> claims, and the token id when a token was used.
/// </summary>
/// <param name="Subject">The RBAC subject.</param>
/// <param name="Groups">SSO groups (each one is also an RBAC subject).</param>
/// <param name="Kind">How the caller signed in.</param>
/// <param name="TokenId">The token's id (<c>jti</c>), for the audit log and revocation.</param>
public sealed record Caller(string Subject, IReadOnlyList<string> Groups, CallerKind Kind, string? TokenId = null)
{
    /// <summary>The controller, for automated work.</summary>
    public static Caller Controller { get; } = new("controller", [], CallerKind.Controller);

    /// <summary>For a project token, the project it belongs to; otherwise null.</summary>
    public string? TokenProject => Kind == CallerKind.ProjectToken && ProjectRoleName.TryParse(Subject, out var project, out _) ? project : null;

    public override string ToString() => TokenId is null ? Subject : $"{Subject} (token {TokenId})";
}

/// <summary>The <c>proj:PROJECT:ROLE</c> subject form of a project role.</summary>
public static class ProjectRoleName
{
    /// <summary>The subject of role <paramref name="role"/> of <paramref name="project"/>.</summary>
    public static string Format(string project, string role) => $"proj:{project}:{role}";

    /// <summary>Splits a <c>proj:PROJECT:ROLE</c> subject.</summary>
    public static bool TryParse(string subject, out string project, out string role)
    {
        project = role = "";
        var parts = subject.Split(':');
        if (parts.Length != 3 || parts[0] != "proj" || parts[1].Length == 0 || parts[2].Length == 0) return false;
        project = parts[1];
        role = parts[2];
        return true;
    }
}
