using Hawser.Apps;

namespace Hawser.Lint;

/// <summary>
/// Where objects land and whether the app's AppProject allows it, with Argo CD's project semantics (<see cref="AppProjectRules"/>):
/// <c>default-namespace</c> (a namespaced object with no namespace, in an app without a destination namespace),
/// <c>project-destination</c> (the project is missing, or refuses the app's destination, repository or namespace) and
/// <c>project-resource</c> (the project refuses an object's kind, e.g. a cluster-scoped one in a namespaced-only project, or its
/// namespace). Projects are the AppProjects declared in the repo; an undeclared <c>default</c> allows everything.
/// </summary>
internal sealed class PlacementRule : ILintRule
{
    public IEnumerable<LintFinding> Check(LintContext context)
    {
        var projects = context.Input.Inventory.Projects.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var findings = new List<LintFinding>();
        var refused = new HashSet<string>(StringComparer.Ordinal);
        foreach (var app in context.Apps)
        {
            var name = app.Application.Spec.Project;
            var project = projects.GetValueOrDefault(name) ?? (name == "default" ? AppProject.Default : null);
            if (project is null)
            {
                findings.Add(LintContext.Finding("project-destination", $"{app.Application}: spec.project: AppProject \"{name}\" is not declared in the repository", context.Locate(app), app.Name));
                refused.Add(app.Name);
                continue;
            }
            // An app its project refuses is reported once, not once more per object.
            foreach (var problem in AppProjectRules.CheckApp(project, app.Application, AppProjectRules.DefaultControlNamespaces))
            {
                findings.Add(LintContext.Finding("project-destination", problem, context.Locate(app), app.Name));
                refused.Add(app.Name);
            }
        }
        foreach (var obj in AppObject.All(context))
        {
            if (obj.NamespaceDefaulted)
                findings.Add(LintContext.Finding("default-namespace",
                    $"{obj.Object.Key} has no namespace and app \"{obj.App.Name}\" has no destination namespace: it lands in \"default\"",
                    context.Locate(obj.App, obj.Object), obj.App.Name));
            if (refused.Contains(obj.App.Name)) continue;
            var name = obj.App.Application.Spec.Project;
            var project = projects.GetValueOrDefault(name) ?? AppProject.Default;
            if (AppProjectRules.CheckResource(project, obj.App.Application, obj.Key) is { } problem)
                findings.Add(LintContext.Finding("project-resource", problem, context.Locate(obj.App, obj.Object), obj.App.Name));
        }
        return findings;
    }
}
