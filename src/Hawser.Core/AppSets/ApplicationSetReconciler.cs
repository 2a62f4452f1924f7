using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.State;

namespace Hawser.AppSets;

/// <summary>What happens to one Application of a set.</summary>
public enum AppSetAppAction
{
    /// <summary>Generated for the first time: registered.</summary>
    Created,

    /// <summary>Generated differently than registered: the registration is replaced.</summary>
    Updated,

    /// <summary>Generated as registered.</summary>
    Unchanged,

    /// <summary>Registered, and left as it is although the generation differs or no longer holds it (policy, or an incomplete generation).</summary>
    Kept,

    /// <summary>No longer generated: unregistered (its objects are deleted when <see cref="AppSetAppChange.DeletesResources"/>).</summary>
    Deleted,

    /// <summary>Generated, but an Application of that name belongs to another app or set: left alone.</summary>
    Conflict,
}

/// <summary>One Application of a set's plan.</summary>
/// <param name="Name">The Application.</param>
/// <param name="Action">What happens to it.</param>
/// <param name="Message">Why.</param>
/// <param name="Definition">The Application as it will be registered (or, for <see cref="AppSetAppAction.Deleted"/>, as it was).</param>
/// <param name="DeletesResources">For a deletion: its objects are deleted too (it carries the resources finalizer and the set does not preserve resources).</param>
public sealed record AppSetAppChange(string Name, AppSetAppAction Action, string Message, AppDefinition? Definition, bool DeletesResources = false);

/// <summary>What reconciling a set will do: per-Application changes and the set's conditions (the generation's and the plan's).</summary>
/// <param name="Set">The set.</param>
/// <param name="Owner">The owner key its Applications are registered under in the state store.</param>
/// <param name="Changes">Per Application, sorted by name.</param>
/// <param name="Conditions">The generation's conditions, plus name collisions with other owners.</param>
public sealed record AppSetPlan(ApplicationSet Set, string Owner, IReadOnlyList<AppSetAppChange> Changes, IReadOnlyList<AppSetCondition> Conditions)
{
    /// <summary>True when no condition is an error.</summary>
    public bool IsHealthy => Conditions.All(c => c.Type != AppSetCondition.ErrorOccurred);
}

/// <summary>
/// Keeps the Applications registered for a set equal to what it generates, within its <c>syncPolicy</c>: generated apps are
/// registered in the state store as children owned by the set (owner <see cref="OwnerOf"/>); <c>applicationsSync</c> decides
/// whether changed apps are updated (<c>sync</c>, <c>create-update</c>) and whether apps no longer generated are deleted (<c>sync</c>,
/// <c>create-delete</c>); <c>ignoreApplicationDifferences</c> keeps fields of registered apps as they are. A deleted app's objects
/// are deleted only when it carries Argo CD's resources finalizer and the set does not say <c>preserveResourcesOnDeletion</c>.
/// An incomplete generation (a generator or template failed) never deletes. An app name already owned by another app or set is a
/// condition naming both, and that app is left alone.
/// </summary>
public sealed class ApplicationSetReconciler(IStateStore store)
{
    private const string OwnerPrefix = "ApplicationSet/";

    /// <summary>The owner (<see cref="ChildApp.Parent"/>) under which a set's Applications are registered: <c>ApplicationSet/NAME</c>.</summary>
    public static string OwnerOf(string setName) => OwnerPrefix + setName;

    /// <summary>The set's name when <paramref name="owner"/> is a set's owner key, else null (an app-of-apps parent).</summary>
    public static string? SetOf(string owner) => owner.StartsWith(OwnerPrefix, StringComparison.Ordinal) ? owner[OwnerPrefix.Length..] : null;

    /// <summary>Describes an owner for messages: <c>ApplicationSet "x"</c> or <c>app "y"</c>.</summary>
    public static string Describe(string owner) => SetOf(owner) is { } set ? $"ApplicationSet \"{set}\"" : $"app \"{owner}\"";

    /// <summary>The plan for a generation: what would change, without writing.</summary>
    public async Task<AppSetPlan> PlanAsync(AppSetGeneration generation, CancellationToken cancellationToken)
    {
        var set = generation.Set;
        var owner = OwnerOf(set.Name);
        var policy = set.Spec.SyncPolicy;
        var existing = (await store.ListChildAppsAsync(owner, cancellationToken)).Where(c => c.Kind == "Application").ToDictionary(c => c.Name, StringComparer.Ordinal);
        var conditions = new List<AppSetCondition>(generation.Conditions);
        var changes = new List<AppSetAppChange>();
        foreach (var app in generation.Applications)
        {
            var registered = await store.GetChildAppAsync("Application", app.Name, cancellationToken);
            if (registered is not null && registered.Parent != owner)
            {
                var message = $"{set}: Application \"{app.Name}\" ({app.Origin}) is already registered by {Describe(registered.Parent)}; it is left alone";
                conditions.Add(new AppSetCondition(AppSetCondition.ErrorOccurred, "ApplicationNameCollision", message));
                changes.Add(new AppSetAppChange(app.Name, AppSetAppAction.Conflict, message, null));
                continue;
            }
            if (registered is null)
            {
                changes.Add(new AppSetAppChange(app.Name, AppSetAppAction.Created, app.Origin, app.Definition));
                continue;
            }
            var current = JsonNode.Parse(registered.ObjectJson) as JsonObject ?? [];
            var desired = set.Spec.IgnoreApplicationDifferences.Count > 0
                ? IgnoredFields.Keep(app.Definition.Manifest.Body, current, app.Name, set.Spec.IgnoreApplicationDifferences)
                : app.Definition.Manifest.Body;
            if (JsonNode.DeepEquals(desired, current))
                changes.Add(new AppSetAppChange(app.Name, AppSetAppAction.Unchanged, app.Origin, ChildApps.Definition(registered)));
            else if (!policy.AllowsUpdate)
                changes.Add(new AppSetAppChange(app.Name, AppSetAppAction.Kept, $"generated differently, not updated (applicationsSync: {PolicyName(policy)})", ChildApps.Definition(registered)));
            else
                changes.Add(new AppSetAppChange(app.Name, AppSetAppAction.Updated, app.Origin, Read(desired, app)));
        }
        var generated = generation.Applications.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in existing.Values.Where(c => !generated.Contains(c.Name)))
        {
            var definition = ChildApps.Definition(gone);
            if (!generation.IsComplete)
                changes.Add(new AppSetAppChange(gone.Name, AppSetAppAction.Kept, "not generated this time, but the generation had errors: kept", definition));
            else if (!policy.AllowsDelete)
                changes.Add(new AppSetAppChange(gone.Name, AppSetAppAction.Kept, $"no longer generated, not deleted (applicationsSync: {PolicyName(policy)})", definition));
            else
                changes.Add(Deletion(gone.Name, definition, policy, "no longer generated"));
        }
        return new AppSetPlan(set, owner, changes.OrderBy(c => c.Name, StringComparer.Ordinal).ToList(), conditions);
    }

    /// <summary>The plan for deleting a set: every Application it registered is deleted (objects as the finalizer and policy say).</summary>
    public async Task<AppSetPlan> PlanDeletionAsync(ApplicationSet set, CancellationToken cancellationToken)
    {
        var owner = OwnerOf(set.Name);
        var changes = (await store.ListChildAppsAsync(owner, cancellationToken))
            .Where(c => c.Kind == "Application")
            .Select(c => Deletion(c.Name, ChildApps.Definition(c), set.Spec.SyncPolicy, $"{set} is deleted"))
            .ToList();
        return new AppSetPlan(set, owner, changes, []);
    }

    /// <summary>
    /// Carries out a plan: registers created and updated apps, and unregisters deleted ones after
    /// <paramref name="deleteResources"/> deleted the objects of those whose <see cref="AppSetAppChange.DeletesResources"/> is set.
    /// </summary>
    public async Task ApplyAsync(AppSetPlan plan, Func<AppDefinition, CancellationToken, Task> deleteResources, CancellationToken cancellationToken)
    {
        foreach (var change in plan.Changes)
        {
            switch (change.Action)
            {
                case AppSetAppAction.Created or AppSetAppAction.Updated:
                    await store.UpsertChildAppAsync(new ChildApp("Application", change.Name, plan.Owner, change.Definition!.Manifest.ToJson()), cancellationToken);
                    break;
                case AppSetAppAction.Deleted:
                    if (change.DeletesResources && change.Definition is not null) await deleteResources(change.Definition, cancellationToken);
                    await store.DeleteChildAppAsync("Application", change.Name, cancellationToken);
                    break;
            }
        }
    }

    /// <summary>The Applications registered for a set, by name.</summary>
    public async Task<IReadOnlyList<AppDefinition>> ApplicationsAsync(string setName, CancellationToken cancellationToken) =>
        (await store.ListChildAppsAsync(OwnerOf(setName), cancellationToken))
            .Select(ChildApps.Definition).Where(d => d is not null).Select(d => d!).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();

    private static AppSetAppChange Deletion(string name, AppDefinition? definition, AppSetSyncPolicy policy, string why)
    {
        var finalizer = definition?.Application.Metadata.HasResourcesFinalizer == true;
        var deletes = finalizer && !policy.PreserveResourcesOnDeletion;
        var what = deletes ? "its objects are deleted (resources finalizer)"
            : finalizer ? "its objects are kept (preserveResourcesOnDeletion)"
            : "its objects are kept (no resources finalizer)";
        return new AppSetAppChange(name, AppSetAppAction.Deleted, $"{why}; {what}", definition, deletes);
    }

    private static AppDefinition Read(JsonObject body, GeneratedApplication app)
    {
        var manifest = new Manifests.KubeObject(body);
        var read = ApplicationReader.Read([manifest]);
        // A field kept from the registered app can only make it invalid if someone registered an invalid app; keep the generated one then.
        return read.Errors.Count == 0 && read.Applications.Count == 1 ? new AppDefinition(read.Applications[0], manifest) : app.Definition;
    }

    private static string PolicyName(AppSetSyncPolicy policy) => policy.ApplicationsSync switch
    {
        ApplicationsSyncPolicy.CreateOnly => "create-only",
        ApplicationsSyncPolicy.CreateUpdate => "create-update",
        ApplicationsSyncPolicy.CreateDelete => "create-delete",
        _ => "sync",
    };
}
