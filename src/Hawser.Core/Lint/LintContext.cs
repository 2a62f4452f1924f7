using Hawser.Apps;
using Hawser.Manifests;

namespace Hawser.Lint;

/// <summary>What <c>hawser lint</c> checks: the repo's apps (found and rendered) and how to tell the repo's own URLs.</summary>
/// <param name="Inventory">Every app of the repo, rendered (<see cref="ConfigRepoApps"/>).</param>
/// <param name="IsConfigRepo">True for a repoURL that names the linted repository itself.</param>
/// <param name="KubeVersion">The Kubernetes version the apps target (<c>--kube-version</c>), or null.</param>
public sealed record LintInput(ConfigRepoInventory Inventory, Func<string, bool> IsConfigRepo, KubeVersion? KubeVersion);

/// <summary>
/// The inputs the rules share, read once: the YAML files as written, where each app and object is declared, which app a
/// file belongs to, which kinds are cluster-scoped.
/// </summary>
internal sealed class LintContext
{
    private readonly Dictionary<string, DiscoveredApp> _apps;
    private readonly HashSet<string> _files;
    private readonly Dictionary<(string Kind, string Name), List<(string File, int Line)>> _declared = [];

    public LintContext(LintInput input, IReadOnlyList<YamlSource> sources)
    {
        Input = input;
        Sources = sources;
        _apps = input.Inventory.Apps.ToDictionary(a => a.Name, StringComparer.Ordinal);
        _files = sources.Select(s => s.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var app in input.Inventory.Apps.Where(a => a.Result is not null)) Scopes.Learn(app.Result!.Objects);
        foreach (var source in sources)
        {
            foreach (var document in source.Documents.OfType<YMapping>())
            {
                if (document.Text("kind") is not { } kind || (document.Get("metadata") as YMapping)?.Text("name") is not { } name) continue;
                if (!_declared.TryGetValue((kind, name), out var places)) _declared[(kind, name)] = places = [];
                places.Add((source.Path, document.Line));
            }
        }
    }

    public LintInput Input { get; }

    public IReadOnlyList<DiscoveredApp> Apps => Input.Inventory.Apps;

    /// <summary>The repo's YAML files as written.</summary>
    public IReadOnlyList<YamlSource> Sources { get; }

    public KindScopes Scopes { get; } = new();

    /// <summary>A finding of <paramref name="rule"/> at its default severity.</summary>
    public static LintFinding Finding(string rule, string message, (string? File, int? Line) at, string? app) =>
        new(rule, LintRuleCatalog.Get(rule).Severity, message, at.File, at.Line, app);

    /// <summary>Where an app is declared in the repo: its own file, else its parent's (app-of-apps), else unknown.</summary>
    public (string? File, int? Line) Locate(DiscoveredApp app)
    {
        for (var (current, hops) = (app, 0); hops < 32; hops++)
        {
            if (current.DeclaredAt is { } at && _files.Contains(at.File)) return (at.File, at.Line);
            if (current.Parent is not { } parent || !parent.StartsWith("Application \"", StringComparison.Ordinal)) break;
            if (!_apps.TryGetValue(parent["Application \"".Length..^1], out var next)) break;
            current = next;
        }
        return (null, null);
    }

    /// <summary>Where a rendered object is written: a file of the app's own folders declaring that kind and name, else the app.</summary>
    public (string? File, int? Line) Locate(DiscoveredApp app, KubeObject obj)
    {
        if (_declared.TryGetValue((obj.Kind, obj.Name), out var places))
        {
            var folders = Folders(app);
            foreach (var (file, line) in places)
            {
                if (folders.Any(f => IsUnder(file, f))) return (file, line);
            }
        }
        return Locate(app);
    }

    /// <summary>The app whose folder in this repo holds <paramref name="file"/> (the deepest folder wins), or null.</summary>
    public string? AppOf(string file)
    {
        string? best = null;
        var depth = -1;
        foreach (var app in Apps)
        {
            foreach (var folder in Folders(app))
            {
                if (!IsUnder(file, folder) || folder.Length <= depth) continue;
                (best, depth) = (app.Name, folder.Length);
            }
        }
        return best;
    }

    /// <summary>The app's source folders inside this repository ("" for the root).</summary>
    public IReadOnlyList<string> Folders(DiscoveredApp app) =>
        app.Application.Spec.Sources
            .Where(s => !s.IsChart && s.Path is not null && Input.IsConfigRepo(s.RepoUrl))
            .Select(s => Normalize(s.Path!))
            .ToList();

    private static string Normalize(string path)
    {
        var p = path.Trim('/');
        while (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        return p == "." ? "" : p;
    }

    private static bool IsUnder(string file, string folder) =>
        folder.Length == 0 || file.StartsWith(folder + "/", StringComparison.Ordinal);
}
