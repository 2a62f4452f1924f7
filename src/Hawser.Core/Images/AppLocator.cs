using Hawser.Apps;
using Hawser.Manifests;
using Hawser.Rendering;

namespace Hawser.Images;

/// <summary>Where an app's files are in a config repo checkout.</summary>
/// <param name="App">The Application's name (names the parameter override file).</param>
/// <param name="Directory">The app's source directory, relative to the repository root (<c>""</c> for the root).</param>
/// <param name="Source">The Application's source for that directory, when the app was found as an Application.</param>
public sealed record AppLocation(string App, string Directory, ApplicationSource? Source);

/// <summary>
/// Finds an app's source directory in a config repo checkout: from an Application declared in the repo's YAML files,
/// or, for app-of-apps layouts, in what those Applications render (a Helm chart or directory of child Applications),
/// level by level. Sources pointing into this repository are rendered from the checkout itself.
/// </summary>
internal sealed class AppLocator(string root, string scratchDirectory)
{
    private const int MaxLevels = 5;

    /// <summary>The location of app <paramref name="name"/>; throws <see cref="ImageException"/> when the repo does not declare it.</summary>
    public async Task<AppLocation> LocateAsync(string name, CancellationToken cancellationToken)
    {
        var level = await ReadDeclaredAsync(cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var depth = 0; depth < MaxLevels && level.Count > 0; depth++)
        {
            if (level.FirstOrDefault(a => a.Name == name) is { } app) return Location(app);
            foreach (var a in level) seen.Add(a.Name);
            level = await RenderChildrenAsync(level.Where(a => a.Spec.Sources.Any(InThisRepo)).ToList(), seen, cancellationToken);
        }
        throw new ImageException($"no Application \"{name}\" is declared in the repository (directly or by an app of apps); use --path to name the directory");
    }

    /// <summary>The location of the directory <paramref name="path"/> for an app named <paramref name="app"/>.</summary>
    public AppLocation ForPath(string path, string app)
    {
        var relative = Normalise(path);
        var full = Resolve(relative, "--path");
        if (!System.IO.Directory.Exists(full)) throw new ImageException($"--path {path}: no such directory in the repository");
        return new AppLocation(app, relative, null);
    }

    /// <summary>The full path of <paramref name="relative"/>, checked to stay inside the repository.</summary>
    public string Resolve(string relative, string what)
    {
        try
        {
            return relative.Length == 0 ? root : PathGuard.Resolve(root, root, relative, what);
        }
        catch (RenderException e)
        {
            throw new ImageException(e.Message, e);
        }
    }

    private AppLocation Location(Application app)
    {
        var source = app.Spec.Sources.FirstOrDefault(InThisRepo)
            ?? throw new ImageException($"{app}: none of its sources is a directory of this repository (a chart from a Helm repository cannot be edited here)");
        return new AppLocation(app.Name, Normalise(source.Path!), source);
    }

    private bool InThisRepo(ApplicationSource source)
    {
        if (source.IsChart || source.Path is null) return false;
        try
        {
            return System.IO.Directory.Exists(Resolve(Normalise(source.Path), "source.path"));
        }
        catch (ImageException)
        {
            return false;
        }
    }

    private async Task<List<Application>> ReadDeclaredAsync(CancellationToken cancellationToken)
    {
        var objects = new List<KubeObject>();
        foreach (var file in System.IO.Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories))
        {
            if (!(file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal))) continue;
            var relative = Path.GetRelativePath(root, file);
            if (relative.StartsWith(".git/", StringComparison.Ordinal) || relative.Contains("/templates/", StringComparison.Ordinal)) continue;
            try
            {
                objects.AddRange(ManifestReader.Read(await File.ReadAllTextAsync(file, cancellationToken), relative).Where(ApplicationReader.IsArgoObject));
            }
            catch (ManifestException)
            {
                // Not every YAML file of a config repo is a manifest (values files, CI configs): only Applications matter here.
            }
        }
        return [.. ApplicationReader.Read(objects).Applications];
    }

    private async Task<List<Application>> RenderChildrenAsync(List<Application> parents, HashSet<string> seen, CancellationToken cancellationToken)
    {
        if (parents.Count == 0) return [];
        var overrides = parents.SelectMany(p => p.Spec.Sources).Where(InThisRepo).Select(s => s.RepoUrl).Distinct(StringComparer.Ordinal)
            .ToDictionary(url => url, _ => root, StringComparer.Ordinal);
        var renderer = new AppRenderer(new AppRendererOptions(scratchDirectory) { RepositoryOverrides = overrides });
        var children = new List<Application>();
        foreach (var outcome in await renderer.RenderManyAsync(parents, cancellationToken))
        {
            if (outcome.Result is null) continue;
            children.AddRange(ApplicationReader.Read(outcome.Result.Objects).Applications.Where(a => !seen.Contains(a.Name)));
        }
        return children;
    }

    private static string Normalise(string path)
    {
        var trimmed = path.Replace('\\', '/').Trim('/');
        return trimmed is "." ? "" : trimmed.StartsWith("./", StringComparison.Ordinal) ? trimmed[2..] : trimmed;
    }
}
