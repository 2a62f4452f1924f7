namespace Hawser.Auth;

/// <summary>Allow or deny.</summary>
public enum PolicyEffect
{
    Allow,
    Deny,
}

/// <summary>One <c>p</c> line: <c>p, SUBJECT, RESOURCE, ACTION, OBJECT, EFFECT</c>.</summary>
/// <param name="Subject">A user, group, role (<c>role:dev</c>) or project role (<c>proj:NAME:ROLE</c>); matched exactly.</param>
/// <param name="Resource">A resource pattern (<c>applications</c>...).</param>
/// <param name="Action">An action pattern (<c>get</c>, <c>sync</c>, <c>action/*</c>, <c>update/*</c>...).</param>
/// <param name="Object">An object pattern (<c>PROJECT/APP</c>, <c>PROJECT/NAMESPACE/APP</c>, <c>*</c>...).</param>
/// <param name="Effect">Allow or deny; a deny wins over every allow of the same subject.</param>
/// <param name="Origin">Where the line came from, for messages (<c>argocd-rbac-cm policy.csv line 4</c>).</param>
public sealed record PolicyRule(string Subject, string Resource, string Action, string Object, PolicyEffect Effect, string Origin);

/// <summary>One <c>g</c> line: <paramref name="Member"/> (a user, group or role) has <paramref name="Role"/>. Grants are transitive.</summary>
public sealed record RoleGrant(string Member, string Role, string Origin);

/// <summary>
/// Argo CD's RBAC configuration (<c>argocd-rbac-cm</c>) as typed rules: the built-in policy, then <c>policy.csv</c> and every
/// <c>policy.*.csv</c> overlay (in key order), <c>policy.default</c>, <c>scopes</c> and <c>policy.matchMode</c>.
/// Read with <see cref="RbacPolicyReader"/>; evaluated by <see cref="RbacEnforcer"/>.
/// </summary>
/// <param name="Rules">Every <c>p</c> line, built-in ones first.</param>
/// <param name="Grants">Every <c>g</c> line, built-in ones first.</param>
/// <param name="DefaultRole">The role every authenticated caller has (<c>policy.default</c>), or empty.</param>
/// <param name="Scopes">The token claims whose values are the caller's groups (<c>scopes</c>, default <c>[groups]</c>).</param>
/// <param name="MatchMode">Glob or regex.</param>
/// <param name="Warnings">Lines that were ignored, each naming the key, the line and why.</param>
public sealed record RbacPolicy(
    IReadOnlyList<PolicyRule> Rules,
    IReadOnlyList<RoleGrant> Grants,
    string DefaultRole,
    IReadOnlyList<string> Scopes,
    PolicyMatchMode MatchMode,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The built-in policy alone: <c>role:readonly</c>, <c>role:admin</c>, the <c>admin</c> user; no default role.</summary>
    public static RbacPolicy BuiltinOnly { get; } = RbacPolicyReader.Read(new Dictionary<string, string>(), "argocd-rbac-cm");
}
