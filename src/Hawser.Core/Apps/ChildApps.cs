using System.Text.Json.Nodes;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Apps;

/// <summary>
/// App-of-apps: the Argo CD objects a parent app renders become child registrations in the state store, owned by the parent.
/// They are never sent to a cluster. A child that leaves Git is removed like a pruned object (only when pruning); its
/// resources are deleted with it only when it carries Argo CD's <c>resources-finalizer.argocd.argoproj.io</c>.
/// </summary>
/// <remarks>With <c>projects</c>, an Application its AppProject refuses is not registered (Invalid); without, nothing is checked (reading only).</remarks>
internal sealed class ChildApps(IStateStore store, AppProjects? projects = null)
{
    /// <summary>The registration plan: what would change, without writing (for diff and dry run).</summary>
    public async Task<IReadOnlyList<ChildAppChange>> PlanAsync(string parent, IReadOnlyList<KubeObject> argoObjects, bool prune, CancellationToken cancellationToken)
    {
        var existing = (await store.ListChildAppsAsync(parent, cancellationToken)).ToDictionary(c => (c.Kind, c.Name));
        var changes = new List<ChildAppChange>();
        foreach (var obj in argoObjects.OrderBy(o => o.Kind, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal))
        {
            var owner = await store.GetChildAppAsync(obj.Kind, obj.Name, cancellationToken);
            if (owner is not null && owner.Parent != parent)
            {
                changes.Add(new ChildAppChange(obj.Kind, obj.Name, "Conflict", $"already registered by {AppSets.ApplicationSetReconciler.Describe(owner.Parent)}"));
                continue;
            }
            if (obj.Kind is "Application" or "ApplicationSet" && ApplicationReader.Read([obj]).Errors is { Count: > 0 } errors)
            {
                changes.Add(new ChildAppChange(obj.Kind, obj.Name, "Invalid", string.Join("; ", errors.Select(e => e.ToString()))));
                continue;
            }
            if (obj.Kind == "Application" && projects is not null && await ProjectProblemsAsync(obj, argoObjects, projects, cancellationToken) is { Count: > 0 } refused)
            {
                changes.Add(new ChildAppChange(obj.Kind, obj.Name, "Invalid", string.Join("; ", refused)));
                continue;
            }
            var json = Canonical(obj);
            var action = existing.TryGetValue((obj.Kind, obj.Name), out var known) && known.ObjectJson == json ? "Unchanged" : "Registered";
            changes.Add(new ChildAppChange(obj.Kind, obj.Name, action, Describe(obj)));
        }
        var declared = argoObjects.Select(o => (o.Kind, o.Name)).ToHashSet();
        foreach (var gone in existing.Values.Where(c => !declared.Contains((c.Kind, c.Name))))
        {
            changes.Add(prune
                ? new ChildAppChange(gone.Kind, gone.Name, "Removed", "no longer declared in Git")
                : new ChildAppChange(gone.Kind, gone.Name, "RequiresPruning", "no longer declared in Git; sync with --prune to remove it"));
        }
        return changes;
    }

    /// <summary>
    /// Why the child Application's project refuses it: the project is looked up among the AppProjects rendered with it
    /// first (a parent usually declares both), then among the registered ones.
    /// </summary>
    private static async Task<IReadOnlyList<string>> ProjectProblemsAsync(KubeObject obj, IReadOnlyList<KubeObject> argoObjects, AppProjects projects, CancellationToken cancellationToken)
    {
        var app = ApplicationReader.Read([obj]).Applications.Single();
        var rendered = argoObjects.Where(o => o.Kind == "AppProject" && o.Name == app.Spec.Project).ToList();
        var siblings = projects with { Source = new RenderedProjects(ApplicationReader.Read(rendered).Projects, projects.Source) };
        try
        {
            await siblings.CheckAsync(app, cancellationToken);
            return [];
        }
        catch (ProjectViolationException e)
        {
            return e.Violations;
        }
    }

    private sealed class RenderedProjects(IReadOnlyList<AppProject> rendered, IAppProjectSource fallback) : IAppProjectSource
    {
        public Task<AppProject?> FindAsync(string name, CancellationToken cancellationToken) =>
            rendered.FirstOrDefault(p => p.Name == name) is { } project ? Task.FromResult<AppProject?>(project) : fallback.FindAsync(name, cancellationToken);
    }

    /// <summary>Applies a plan: registers new and changed children, forgets removed ones (the caller cascades their resources).</summary>
    public async Task ApplyAsync(string parent, IReadOnlyList<KubeObject> argoObjects, IReadOnlyList<ChildAppChange> plan, CancellationToken cancellationToken)
    {
        var byName = argoObjects.ToDictionary(o => (o.Kind, o.Name));
        foreach (var change in plan)
        {
            switch (change.Action)
            {
                case "Registered":
                    await store.UpsertChildAppAsync(new ChildApp(change.Kind, change.Name, parent, Canonical(byName[(change.Kind, change.Name)])), cancellationToken);
                    break;
                case "Removed":
                    await store.DeleteChildAppAsync(change.Kind, change.Name, cancellationToken);
                    break;
            }
        }
    }

    /// <summary>The child Application definitions registered under <paramref name="parent"/>, in sync-wave then name order.</summary>
    public async Task<IReadOnlyList<(int Wave, AppDefinition App)>> ApplicationsAsync(string parent, CancellationToken cancellationToken)
    {
        var children = await store.ListChildAppsAsync(parent, cancellationToken);
        var result = new List<(int, AppDefinition)>();
        foreach (var child in children.Where(c => c.Kind == "Application"))
        {
            var (apps, _) = AppDefinition.Read(child.ObjectJson, $"child of {parent}");
            foreach (var app in apps) result.Add((Wave(app.Manifest), app));
        }
        return result.OrderBy(r => r.Item1).ThenBy(r => r.Item2.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Reads a stored child Application (for removal), or null when it is not an Application.</summary>
    public static AppDefinition? Definition(ChildApp child) =>
        child.Kind == "Application" ? AppDefinition.Read(child.ObjectJson, $"child of {child.Parent}").Apps.FirstOrDefault() : null;

    /// <summary>An app's sync wave (Hawser's or Argo CD's annotation), 0 when it has none.</summary>
    public static int Wave(AppDefinition app) => Wave(app.Manifest);

    private static int Wave(KubeObject obj)
    {
        var text = obj.GetAnnotation("hawser.io/sync-wave") ?? obj.GetAnnotation("argocd.argoproj.io/sync-wave");
        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var wave) ? wave : 0;
    }

    private static string Describe(KubeObject obj) => obj.Kind switch
    {
        "ApplicationSet" => $"ApplicationSet \"{obj.Name}\" (its generated Applications follow)",
        "AppProject" => $"AppProject \"{obj.Name}\"",
        _ => $"Application \"{obj.Name}\"",
    };

    // Stored without status and server-set metadata so that an unchanged child compares equal.
    private static string Canonical(KubeObject obj)
    {
        var body = (JsonObject)obj.Body.DeepClone();
        body.Remove("status");
        StoredManifest.StripCredentials(body);
        if (body["metadata"] is JsonObject metadata)
        {
            foreach (var field in new[] { "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields" }) metadata.Remove(field);
        }
        return body.ToJsonString();
    }
}
