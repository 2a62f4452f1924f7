namespace Hawser.Auth;

/// <summary>
/// Decides whether a caller may do an action on an object, with Argo CD's RBAC semantics:
/// <list type="bullet">
/// <item>A subject's permissions are its own <c>p</c> lines and those of every role it has through <c>g</c> lines, transitively.</item>
/// <item>Within one subject, a matching deny wins over every matching allow; nothing matching means deny.</item>
/// <item>The default role (<c>policy.default</c>) is checked first; if it allows, the request is allowed.</item>
/// <item>Then the caller's subject and each of its groups are checked one by one; the first that allows grants the request.</item>
/// <item>For a project-scoped object, the roles of that object's project (<see cref="ProjectRbac"/>) are added to the policy
/// for this one decision.</item>
/// </list>
/// Resource, action and object are matched as globs or regexes (<c>policy.matchMode</c>); subjects and roles exactly.
/// </summary>
public sealed class RbacEnforcer
{
    private readonly PolicyIndex _global;

    public RbacEnforcer(RbacPolicy policy)
    {
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _global = new PolicyIndex(policy.Rules, policy.Grants);
    }

    /// <summary>The policy being enforced.</summary>
    public RbacPolicy Policy { get; }

    /// <summary>True when <paramref name="caller"/> may do <paramref name="action"/> on <paramref name="obj"/> of <paramref name="resource"/>.</summary>
    /// <param name="project">The roles of the object's project, for project-scoped resources; null otherwise.</param>
    public bool Enforce(Caller caller, string resource, string action, string obj, ProjectRbac? project = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Kind == CallerKind.Controller) return true;
        var extra = project is null ? null : new PolicyIndex(project.Rules, project.Grants);
        if (Policy.DefaultRole.Length > 0 && Evaluate(Policy.DefaultRole, resource, action, obj, extra)) return true;
        if (Evaluate(caller.Subject, resource, action, obj, extra)) return true;
        // A project token acts only as its role: SSO groups are for people.
        if (caller.Kind == CallerKind.ProjectToken) return false;
        return caller.Groups.Any(g => Evaluate(g, resource, action, obj, extra));
    }

    /// <summary>The decision for one subject: some allow matches and no deny matches.</summary>
    private bool Evaluate(string subject, string resource, string action, string obj, PolicyIndex? extra)
    {
        var allowed = false;
        foreach (var role in Closure(subject, extra))
        {
            foreach (var rule in _global.RulesOf(role).Concat(extra?.RulesOf(role) ?? []))
            {
                if (!Matches(rule, resource, action, obj)) continue;
                if (rule.Effect == PolicyEffect.Deny) return false;
                allowed = true;
            }
        }
        return allowed;
    }

    private bool Matches(PolicyRule rule, string resource, string action, string obj) =>
        PolicyPattern.Matches(rule.Resource, resource, Policy.MatchMode)
        && PolicyPattern.Matches(rule.Action, action, Policy.MatchMode)
        && PolicyPattern.Matches(rule.Object, obj, Policy.MatchMode);

    private HashSet<string> Closure(string subject, PolicyIndex? extra)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { subject };
        var queue = new Queue<string>();
        queue.Enqueue(subject);
        while (queue.Count > 0)
        {
            var member = queue.Dequeue();
            foreach (var role in _global.RolesOf(member).Concat(extra?.RolesOf(member) ?? []))
            {
                if (seen.Add(role)) queue.Enqueue(role);
            }
        }
        return seen;
    }

    private sealed class PolicyIndex
    {
        private readonly Dictionary<string, List<PolicyRule>> _rules = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _roles = new(StringComparer.Ordinal);

        public PolicyIndex(IEnumerable<PolicyRule> rules, IEnumerable<RoleGrant> grants)
        {
            foreach (var rule in rules)
            {
                if (!_rules.TryGetValue(rule.Subject, out var list)) _rules[rule.Subject] = list = [];
                list.Add(rule);
            }
            foreach (var grant in grants)
            {
                if (!_roles.TryGetValue(grant.Member, out var list)) _roles[grant.Member] = list = [];
                list.Add(grant.Role);
            }
        }

        public IReadOnlyList<PolicyRule> RulesOf(string subject) => _rules.TryGetValue(subject, out var list) ? list : [];

        public IReadOnlyList<string> RolesOf(string member) => _roles.TryGetValue(member, out var list) ? list : [];
    }
}
