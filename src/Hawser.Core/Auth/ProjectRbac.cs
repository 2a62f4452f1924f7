using System.Text.RegularExpressions;
using Hawser.Apps;

namespace Hawser.Auth;

/// <summary>
/// The RBAC rules an AppProject's roles add (Argo CD's project roles): each role's <c>policies</c> and a grant of the role to
/// each of its <c>groups</c>. A policy line is only used when its subject is <c>proj:PROJECT:ROLE</c> of its own role and
/// its object stays inside the project (<c>PROJECT/*</c>, <c>PROJECT/APP</c>, <c>PROJECT/NAMESPACE/APP</c>): a project
/// role can never grant anything in another project, whatever globs it uses. Other lines are left out with a warning.
/// </summary>
public sealed partial class ProjectRbac
{
    private static readonly HashSet<string> Resources = new(StringComparer.Ordinal)
    {
        RbacResources.Applications, RbacResources.ApplicationSets, RbacResources.Logs, RbacResources.Exec,
        RbacResources.Clusters, RbacResources.Repositories,
    };

    private ProjectRbac(string project, IReadOnlyList<PolicyRule> rules, IReadOnlyList<RoleGrant> grants, IReadOnlyList<string> warnings)
    {
        Project = project;
        Rules = rules;
        Grants = grants;
        Warnings = warnings;
    }

    /// <summary>The project's name.</summary>
    public string Project { get; }

    /// <summary>The accepted policy lines of every role.</summary>
    public IReadOnlyList<PolicyRule> Rules { get; }

    /// <summary><c>g, GROUP, proj:PROJECT:ROLE</c> for each group of each role.</summary>
    public IReadOnlyList<RoleGrant> Grants { get; }

    /// <summary>Lines left out, each naming the project, the role and the reason.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Reads the roles of <paramref name="project"/>.</summary>
    public static ProjectRbac From(AppProject project, PolicyMatchMode mode)
    {
        ArgumentNullException.ThrowIfNull(project);
        var rules = new List<PolicyRule>();
        var grants = new List<RoleGrant>();
        var warnings = new List<string>();
        foreach (var role in project.Roles)
        {
            var subject = ProjectRoleName.Format(project.Name, role.Name);
            var origin = $"AppProject \"{project.Name}\" role \"{role.Name}\" policies";
            RbacPolicyReader.ReadCsv(string.Join('\n', role.Policies), origin, mode, rules, grants, warnings,
                fields => Accept(fields, project.Name, subject));
            foreach (var group in role.Groups.Where(g => g.Length > 0))
                grants.Add(new RoleGrant(group, subject, $"AppProject \"{project.Name}\" role \"{role.Name}\" groups"));
        }
        return new ProjectRbac(project.Name, rules, grants, warnings);
    }

    private static string? Accept(string[] fields, string project, string subject)
    {
        if (fields[0] != "p") return "a project role may only hold 'p' lines (use the role's groups to grant it)";
        if (fields[1] != subject) return $"the subject must be '{subject}', not '{fields[1]}'";
        if (!Resources.Contains(fields[2])) return $"resource '{fields[2]}' is not allowed in a project role (allowed: {string.Join(", ", Resources.Order(StringComparer.Ordinal))})";
        var obj = fields[4];
        if (!obj.StartsWith(project + "/", StringComparison.Ordinal) || !ObjectTail().IsMatch(obj[(project.Length + 1)..]))
            return $"object '{obj}' must be '{project}/*', '{project}/APP' or '{project}/NAMESPACE/APP' (a project role cannot reach outside its project)";
        return null;
    }

    // Letters, digits, '-', '_', '.', '*' and '/' only: no alternatives or classes that could leave the project prefix.
    [GeneratedRegex(@"^[A-Za-z0-9_.*\-/]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ObjectTail();
}
