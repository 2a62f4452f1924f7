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
    public bool Enforce(Caller caller, string resource, string action, string obj, ProjectRbac? project = null) =>
        Prepare(caller, resource, action, project)(obj);

    /// <summary>
    /// <see cref="Enforce"/> for one caller, resource, action and project over many objects (a list of thousands of apps):
    /// the caller's roles and the rules that name this resource and action are found once; each object is then matched
    /// against those rules only. The answer for an object is the same as <see cref="Enforce"/>'s.
    /// </summary>
    public Func<string, bool> Prepare(Caller caller, string resource, string action, ProjectRbac? project = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Kind == CallerKind.Controller) return static _ => true;
        var extra = project is null ? null : new PolicyIndex(project.Rules, project.Grants);
        // Each subject decides on its own, in this order; the first that allows grants the request.
        var subjects = new List<string>();
        if (Policy.DefaultRole.Length > 0) subjects.Add(Policy.DefaultRole);
        subjects.Add(caller.Subject);
        // A project token acts only as its role: SSO groups are for people.
        if (caller.Kind != CallerKind.ProjectToken) subjects.AddRange(caller.Groups);
        var rules = subjects.Select(subject => RulesFor(subject, resource, action, extra)).Where(r => r.Length > 0).ToArray();
        var mode = Policy.MatchMode;
        return obj => rules.Any(r => Evaluate(r, obj, mode));
    }

    /// <summary>The rules of the subject and of every role it has that match the resource and the action.</summary>
    private PolicyRule[] RulesFor(string subject, string resource, string action, PolicyIndex? extra) =>
        Closure(subject, extra)
            .SelectMany(role => _global.RulesOf(role).Concat(extra?.RulesOf(role) ?? []))
            .Where(rule => PolicyPattern.Matches(rule.Resource, resource, Policy.MatchMode) && PolicyPattern.Matches(rule.Action, action, Policy.MatchMode))
            .ToArray();

    /// <summary>The decision for one subject: some allow matches and no deny matches.</summary>
    private static bool Evaluate(PolicyRule[] rules, string obj, PolicyMatchMode mode)
    {
        var allowed = false;
        foreach (var rule in rules)
        {
            if (!PolicyPattern.Matches(rule.Object, obj, mode)) continue;
            if (rule.Effect == PolicyEffect.Deny) return false;
            allowed = true;
        }
        return allowed;
    }

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
