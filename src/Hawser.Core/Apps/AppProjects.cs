using System.Text.Json.Nodes;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Apps;

/// <summary>Finds the AppProject an Application names.</summary>
public interface IAppProjectSource
{
    /// <summary>The declared project of that name, or null when none is declared.</summary>
    Task<AppProject?> FindAsync(string name, CancellationToken cancellationToken);
}

/// <summary>Projects registered in the state store by a parent app (app-of-apps renders AppProjects with its Applications).</summary>
public sealed class StoredAppProjects(IStateStore store) : IAppProjectSource
{
    public async Task<AppProject?> FindAsync(string name, CancellationToken cancellationToken)
    {
        if (await store.GetChildAppAsync("AppProject", name, cancellationToken) is not { } child) return null;
        var obj = new KubeObject((JsonObject)JsonNode.Parse(child.ObjectJson)!);
        var read = ApplicationReader.Read([obj]);
        if (read.Errors.Count > 0)
            throw new InvalidOperationException($"registered AppProject \"{name}\" (from app \"{child.Parent}\") is invalid: {string.Join("; ", read.Errors)}");
        return read.Projects.SingleOrDefault();
    }
}

/// <summary>
/// AppProject enforcement for <see cref="AppService"/>: resolves an app's project (Argo CD's <c>default</c> project allows
/// everything when it is not declared; any other undeclared project refuses the app) and checks the app, its objects and
/// the sync windows against it.
/// </summary>
/// <param name="Source">Where declared projects come from.</param>
/// <param name="ControlNamespaces">Namespaces whose apps need no <c>sourceNamespaces</c> entry.</param>
public sealed record AppProjects(IAppProjectSource Source, IReadOnlyList<string> ControlNamespaces)
{
    /// <summary>The store's registered projects, with <see cref="AppProjectRules.DefaultControlNamespaces"/>.</summary>
    public static AppProjects FromStore(IStateStore store) => new(new StoredAppProjects(store), AppProjectRules.DefaultControlNamespaces);

    /// <summary>
    /// Fills in the server of a destination given by <c>name</c> before the destinations are checked, as Argo CD resolves it
    /// (so <c>server: '*'</c> permits a destination named after a cluster Secret); see <see cref="ClusterConnector.WithResolvedServer"/>.
    /// </summary>
    public Func<Application, Application> ResolveDestination { get; init; } = app => app;

    /// <summary>The app's project; throws <see cref="ProjectViolationException"/> when it names one that is not declared.</summary>
    public async Task<AppProject> ResolveAsync(Application app, CancellationToken cancellationToken)
    {
        var name = app.Spec.Project;
        if (await Source.FindAsync(name, cancellationToken) is { } project) return project;
        if (name == "default") return AppProject.Default;
        throw new ProjectViolationException(app.Name, [$"{app}: spec.project: AppProject \"{name}\" does not exist"]);
    }

    /// <summary>Resolves the project and refuses the app (throws <see cref="ProjectViolationException"/>) when the project does not permit it.</summary>
    public async Task<AppProject> CheckAsync(Application app, CancellationToken cancellationToken)
    {
        var project = await ResolveAsync(app, cancellationToken);
        var problems = AppProjectRules.CheckApp(project, ResolveDestination(app), ControlNamespaces);
        if (problems.Count > 0) throw new ProjectViolationException(app.Name, problems);
        return project;
    }
}

/// <summary>An app is not permitted by its AppProject (or a sync window blocks it). Nothing was written.</summary>
public sealed class ProjectViolationException(string app, IReadOnlyList<string> violations)
    : InvalidOperationException($"app \"{app}\" is not permitted by its project: " + string.Join("; ", violations))
{
    /// <summary>The app.</summary>
    public string App { get; } = app;

    /// <summary>Each rule that refused it, naming the project and the field.</summary>
    public IReadOnlyList<string> Violations { get; } = violations;
}
