namespace Hawser.Auth;

/// <summary>
/// Argo CD's two built-in roles, as its <c>builtin-policy.csv</c> defines them: <c>role:readonly</c> may get everything;
/// <c>role:admin</c> has readonly and may change everything; the local <c>admin</c> user has <c>role:admin</c>.
/// </summary>
internal static class BuiltinPolicy
{
    public const string ReadOnly = "role:readonly";
    public const string Admin = "role:admin";
    private const string Origin = "built-in policy";

    public static IReadOnlyList<PolicyRule> Rules { get; } = Build();

    public static IReadOnlyList<RoleGrant> Grants { get; } =
    [
        new(Admin, ReadOnly, Origin),
        new("admin", Admin, Origin),
    ];

    private static List<PolicyRule> Build()
    {
        var rules = new List<PolicyRule>();
        void Add(string role, string resource, string obj, params string[] actions)
        {
            foreach (var action in actions) rules.Add(new PolicyRule(role, resource, action, obj, PolicyEffect.Allow, Origin));
        }

        // Project-scoped resources take PROJECT/OBJECT objects, the others a plain name.
        foreach (var resource in new[] { RbacResources.Applications, RbacResources.ApplicationSets, RbacResources.Logs })
            Add(ReadOnly, resource, "*/*", RbacActions.Get);
        foreach (var resource in new[] { RbacResources.Certificates, RbacResources.Clusters, RbacResources.Repositories, RbacResources.WriteRepositories, RbacResources.Projects, RbacResources.Accounts, RbacResources.GpgKeys })
            Add(ReadOnly, resource, "*", RbacActions.Get);

        Add(Admin, RbacResources.Applications, "*/*", "create", "update", "update/*", "delete", "delete/*", "sync", "rollback", "override", "action/*");
        Add(Admin, RbacResources.ApplicationSets, "*/*", "get", "create", "update", "delete");
        foreach (var resource in new[] { RbacResources.Certificates, RbacResources.Clusters, RbacResources.Repositories, RbacResources.WriteRepositories, RbacResources.Projects })
            Add(Admin, resource, "*", "create", "update", "delete");
        Add(Admin, RbacResources.Accounts, "*", "update");
        Add(Admin, RbacResources.GpgKeys, "*", "create", "delete");
        Add(Admin, RbacResources.Exec, "*/*", "create", "debug");
        return rules;
    }
}

/// <summary>The resources of Argo CD's RBAC model.</summary>
public static class RbacResources
{
    public const string Applications = "applications";
    public const string ApplicationSets = "applicationsets";
    public const string Projects = "projects";
    public const string Clusters = "clusters";
    public const string Repositories = "repositories";
    public const string WriteRepositories = "write-repositories";
    public const string Accounts = "accounts";
    public const string Certificates = "certificates";
    public const string GpgKeys = "gpgkeys";
    public const string Logs = "logs";
    public const string Exec = "exec";
    public const string Extensions = "extensions";

    /// <summary>Every resource name a policy line may use.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Applications, ApplicationSets, Projects, Clusters, Repositories, WriteRepositories, Accounts, Certificates, GpgKeys, Logs, Exec, Extensions,
    };

    /// <summary>Resources whose objects are <c>PROJECT/NAME</c> (or <c>PROJECT/NAMESPACE/NAME</c>).</summary>
    public static bool IsProjectScoped(string resource) => resource is Applications or ApplicationSets or Logs or Exec;
}

/// <summary>The actions of Argo CD's RBAC model (sub-resource forms such as <c>update/GROUP/KIND/NS/NAME</c> and <c>action/GROUP/KIND/ACTION</c> extend them).</summary>
public static class RbacActions
{
    public const string Get = "get";
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string Sync = "sync";
    public const string Override = "override";
    public const string Rollback = "rollback";
    public const string Action = "action";
    public const string Invoke = "invoke";
}
