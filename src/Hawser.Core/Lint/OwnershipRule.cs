namespace Hawser.Lint;

/// <summary>
/// Collisions found in Git, before a sync finds them: <c>ownership-conflict</c> when two apps declare one object (group, kind,
/// namespace, name) on one cluster (each sync would take it from the other), and <c>namespace-conflict</c> when an app puts an
/// object in a namespace another app owns: the app whose destination namespace it is and which creates it (declares the
/// Namespace, or syncs with <c>CreateNamespace=true</c>).
/// </summary>
internal sealed class OwnershipRule : ILintRule
{
    public IEnumerable<LintFinding> Check(LintContext context)
    {
        var objects = AppObject.All(context).ToList();
        var findings = new List<LintFinding>();
        foreach (var group in objects.GroupBy(o => (o.Cluster, o.Key)))
        {
            var apps = group.Select(o => o.App.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (apps.Count < 2) continue;
            foreach (var other in group.Where(o => o.App.Name != apps[0]).DistinctBy(o => o.App.Name))
            {
                findings.Add(LintContext.Finding("ownership-conflict",
                    $"{group.Key.Key} is declared by apps {string.Join(", ", apps.Select(a => $"\"{a}\""))} on {group.Key.Cluster}; each sync would take it from the other",
                    context.Locate(other.App, other.Object), other.App.Name));
            }
        }

        var owners = new Dictionary<(string Cluster, string Namespace), string>();
        foreach (var app in context.Apps)
        {
            var destination = app.Application.Spec.Destination;
            if (destination.Namespace.Length == 0) continue;
            var creates = app.Application.Spec.SyncPolicy?.SyncOptions.CreateNamespace == true
                || objects.Any(o => o.App == app && o.Key.Group.Length == 0 && o.Key.Kind == "Namespace" && o.Key.Name == destination.Namespace);
            if (!creates) continue;
            var cluster = objects.FirstOrDefault(o => o.App == app)?.Cluster ?? destination.Server ?? $"name:{destination.Name}";
            owners.TryAdd((cluster, destination.Namespace), app.Name);
        }
        foreach (var obj in objects.Where(o => o.Key.Namespace.Length > 0))
        {
            if (!owners.TryGetValue((obj.Cluster, obj.Key.Namespace), out var owner) || owner == obj.App.Name) continue;
            if (obj.App.Application.Spec.Destination.Namespace == obj.Key.Namespace) continue;
            findings.Add(LintContext.Finding("namespace-conflict",
                $"{obj.Key} is in namespace \"{obj.Key.Namespace}\", which app \"{owner}\" owns (its destination, created by it)",
                context.Locate(obj.App, obj.Object), obj.App.Name));
        }
        return findings;
    }
}
