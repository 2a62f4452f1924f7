using System.Text.Json.Nodes;
using Hawser.AppSets;
using Hawser.Manifests;
using Hawser.Rendering;

namespace Hawser.Apps;

/// <summary>
/// Every app of a config repo, found and rendered without a cluster, the way the server would register them:
/// <list type="number">
/// <item>the root Argo CD objects: every <c>Application</c>, <c>ApplicationSet</c> and <c>AppProject</c> in the repo's manifest
/// files (<see cref="ConfigRepoFiles"/>);</item>
/// <item>the Applications every ApplicationSet generates;</item>
/// <item>app-of-apps: the Applications, ApplicationSets and AppProjects each rendered app declares, level after level. An
/// Application found both in a file and in a parent's render is the parent's child, as rendered (the parent is what
/// registers it).</item>
/// </list>
/// Apps are rendered with the renderer given, which must pin the repo's URLs to the state being read
/// (<see cref="ConfigRepo.Pins"/>). Bad input never stops discovery: each problem is collected with the file and object it
/// concerns, and an app that fails to render carries the tool's message.
/// </summary>
public sealed class ConfigRepoApps(AppRenderer renderer, ApplicationSetGenerator generator, IReadOnlyList<AppSetCluster> clusters)
{
    /// <summary>Finds and renders every app of <paramref name="repo"/>, whose files are read from <paramref name="repo"/>'s state.</summary>
    public async Task<ConfigRepoInventory> DiscoverAsync(ConfigRepo repo, CancellationToken cancellationToken)
    {
        var tree = repo.Commit is null ? repo.Directory : (await renderer.OpenRepositoryAsync(repo.Directory, repo.Commit, cancellationToken)).Directory;
        return await DiscoverAsync(tree, cancellationToken);
    }

    /// <summary>Finds and renders every app declared in the files under <paramref name="tree"/>.</summary>
    public async Task<ConfigRepoInventory> DiscoverAsync(string tree, CancellationToken cancellationToken)
    {
        var problems = new List<ConfigRepoProblem>();
        var files = ConfigRepoFiles.List(tree);
        var roots = await ReadRootsAsync(tree, files, problems, cancellationToken);
        var read = ApplicationReader.Read(roots);
        Collect(read, "", problems);

        var projects = new Dictionary<string, AppProject>(StringComparer.Ordinal);
        foreach (var project in read.Projects) projects.TryAdd(project.Name, project);
        var apps = new Dictionary<string, DiscoveredApp>(StringComparer.Ordinal);
        var level = new List<DiscoveredApp>();
        foreach (var app in read.Applications)
        {
            var found = new DiscoveredApp(app, Manifest(roots, "Application", app.Name), null, app.Source);
            if (apps.TryAdd(app.Name, found)) level.Add(found);
            else problems.Add(new ConfigRepoProblem(app.Source, app.Name, ConfigRepoProblemKind.DuplicateApp, $"{app} is declared again (first in {apps[app.Name].DeclaredAt})", IsError: true));
        }
        foreach (var set in read.ApplicationSets) level.AddRange(await GenerateAsync(set, "", apps, problems, cancellationToken));

        while (level.Count > 0)
        {
            var outcomes = await renderer.RenderManyAsync(level.Select(a => a.Application).ToList(), cancellationToken);
            var next = new List<DiscoveredApp>();
            for (var i = 0; i < level.Count; i++)
            {
                var app = level[i] with { Result = outcomes[i].Result, Error = outcomes[i].Error };
                apps[app.Name] = app;
                if (app.Result is null) continue;
                var children = ApplicationReader.Read(app.Result.Objects);
                Collect(children, app.Name, problems);
                foreach (var project in children.Projects) projects.TryAdd(project.Name, project);
                var parent = $"Application \"{app.Name}\"";
                foreach (var child in children.Applications)
                {
                    var manifest = Manifest(app.Result.Objects, "Application", child.Name);
                    if (Adopt(new DiscoveredApp(child, manifest, parent, child.Source), apps, problems) is { } adopted) next.Add(adopted);
                }
                foreach (var set in children.ApplicationSets) next.AddRange(await GenerateAsync(set, app.Name, apps, problems, cancellationToken));
            }
            level = next;
        }
        return new ConfigRepoInventory(tree, [.. apps.Values.OrderBy(a => a.Name, StringComparer.Ordinal)], [.. projects.Values.OrderBy(p => p.Name, StringComparer.Ordinal)], problems);
    }

    // A child of a parent: new, or replacing the same app read from a file (re-rendered when the parent declares it otherwise).
    // Returns the app to render, or null when there is nothing (more) to render.
    private static DiscoveredApp? Adopt(DiscoveredApp child, Dictionary<string, DiscoveredApp> apps, List<ConfigRepoProblem> problems)
    {
        if (!apps.TryGetValue(child.Name, out var known))
        {
            apps[child.Name] = child;
            return child;
        }
        if (known.Parent is not null)
        {
            if (known.Parent != child.Parent)
                problems.Add(new ConfigRepoProblem(child.DeclaredAt, child.Name, ConfigRepoProblemKind.DuplicateApp,
                    $"{child.Application} is declared by both {known.Parent} and {child.Parent}; the first one is used", IsError: true));
            return null;
        }
        if (Canonical(known.Manifest) == Canonical(child.Manifest))
        {
            apps[child.Name] = known with { Parent = child.Parent };
            return null;
        }
        var adopted = child with { DeclaredAt = known.DeclaredAt };
        apps[child.Name] = adopted;
        return adopted;
    }

    private async Task<List<DiscoveredApp>> GenerateAsync(ApplicationSet set, string owner, Dictionary<string, DiscoveredApp> apps, List<ConfigRepoProblem> problems, CancellationToken cancellationToken)
    {
        var generation = await generator.GenerateAsync(set, clusters, cancellationToken);
        foreach (var condition in generation.Conditions.Where(c => c.Type == AppSetCondition.ErrorOccurred))
            problems.Add(new ConfigRepoProblem(set.Source, owner, ConfigRepoProblemKind.ApplicationSet, $"{condition.Reason}: {condition.Message}", IsError: true));
        foreach (var warning in generation.Warnings)
            problems.Add(new ConfigRepoProblem(set.Source, owner, ConfigRepoProblemKind.UnsupportedField, warning, IsError: false));
        var result = new List<DiscoveredApp>();
        foreach (var generated in generation.Applications)
        {
            var app = new DiscoveredApp(generated.Definition.Application, generated.Definition.Manifest, set.ToString(), set.Source);
            if (Adopt(app, apps, problems) is { } adopted) result.Add(adopted);
        }
        return result;
    }

    private static void Collect(ApplicationReadResult read, string owner, List<ConfigRepoProblem> problems)
    {
        foreach (var error in read.Errors)
            problems.Add(new ConfigRepoProblem(error.Location, owner, ConfigRepoProblemKind.InvalidObject, $"{error.Object}: {error.Field}: {error.Message}", IsError: true));
        foreach (var warning in read.Warnings)
            problems.Add(new ConfigRepoProblem(warning.Location, owner, ConfigRepoProblemKind.UnsupportedField, $"{warning.Object}: {warning.Field}: {warning.Message}", IsError: false));
    }

    // The Argo CD objects of every manifest file; a file that is not YAML is a problem of its own and read no further.
    private static async Task<List<KubeObject>> ReadRootsAsync(string tree, IReadOnlyList<string> files, List<ConfigRepoProblem> problems, CancellationToken cancellationToken)
    {
        var objects = new List<KubeObject>();
        foreach (var file in files)
        {
            IReadOnlyList<YamlDocumentNode> documents;
            try
            {
                var text = await UntrustedText.ReadFileAsync(Path.Combine(tree, file), file, ParseLimits.Default, cancellationToken);
                // Only files that may hold Argo CD objects are parsed: values files and the like are not this reader's business.
                if (!text.Contains("argoproj.io", StringComparison.Ordinal)) continue;
                documents = YamlDocuments.Parse(text, file);
            }
            catch (ManifestException e)
            {
                problems.Add(new ConfigRepoProblem(e.Location, "", ConfigRepoProblemKind.UnreadableFile, e.Message, IsError: true));
                continue;
            }
            foreach (var document in documents)
            {
                if (document.Root is JsonObject body && IsArgoKind(body))
                    objects.Add(new KubeObject(body, new SourceLocation(file, document.Index, document.Line)));
            }
        }
        return objects;
    }

    private static bool IsArgoKind(JsonObject body) =>
        body["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var apiVersion) && apiVersion.StartsWith(ApplicationReader.Group + "/", StringComparison.Ordinal)
        && body["kind"] is JsonValue k && k.TryGetValue<string>(out var kind) && kind is "Application" or "ApplicationSet" or "AppProject";

    private static KubeObject Manifest(IEnumerable<KubeObject> objects, string kind, string name) =>
        objects.First(o => o.Kind == kind && o.Group == ApplicationReader.Group && o.Name == name);

    private static string Canonical(KubeObject obj)
    {
        var body = (JsonObject)obj.Body.DeepClone();
        body.Remove("status");
        return body.ToJsonString();
    }
}

/// <summary>What <see cref="ConfigRepoApps"/> found: every app (rendered), every AppProject, and every problem met on the way.</summary>
/// <param name="Tree">The directory the files were read from (the work tree, or a checkout of the commit).</param>
/// <param name="Apps">Every app, by name.</param>
/// <param name="Projects">Every AppProject declared in a file or rendered by an app, by name (the first of a name wins).</param>
/// <param name="Problems">Unreadable files, invalid Argo CD objects, ApplicationSet errors and apps declared twice, in the order met.</param>
public sealed record ConfigRepoInventory(string Tree, IReadOnlyList<DiscoveredApp> Apps, IReadOnlyList<AppProject> Projects, IReadOnlyList<ConfigRepoProblem> Problems);

/// <summary>One app of a config repo.</summary>
/// <param name="Application">The app.</param>
/// <param name="Manifest">The Application object as declared (or generated).</param>
/// <param name="Parent">Who declares it: <c>Application "root"</c> (app-of-apps) or <c>ApplicationSet "x"</c>; null for an app declared in a file of the repo.</param>
/// <param name="DeclaredAt">The file and line of its declaration (or of its ApplicationSet, or of its parent's output), when known.</param>
/// <param name="Result">The render, or null when it failed.</param>
/// <param name="Error">Why the render failed (the tool's message), or null.</param>
public sealed record DiscoveredApp(Application Application, KubeObject Manifest, string? Parent, SourceLocation? DeclaredAt, AppRenderResult? Result = null, string? Error = null)
{
    /// <summary>The app's name.</summary>
    public string Name => Application.Name;
}

/// <summary>What went wrong while finding a config repo's apps.</summary>
public enum ConfigRepoProblemKind
{
    /// <summary>A manifest file is not valid YAML or JSON.</summary>
    UnreadableFile,

    /// <summary>An Application, ApplicationSet or AppProject is invalid (the field is named).</summary>
    InvalidObject,

    /// <summary>A field Hawser does not act on (a warning).</summary>
    UnsupportedField,

    /// <summary>An ApplicationSet's generator or template failed.</summary>
    ApplicationSet,

    /// <summary>Two declarations of one Application name.</summary>
    DuplicateApp,
}

/// <summary>A problem found while discovering apps.</summary>
/// <param name="Location">The file, document and line, when known.</param>
/// <param name="App">The app whose render declared the object, or empty for the repo's own files.</param>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Message">What is wrong, naming the object and field.</param>
/// <param name="IsError">False for warnings.</param>
public sealed record ConfigRepoProblem(SourceLocation? Location, string App, ConfigRepoProblemKind Kind, string Message, bool IsError);
