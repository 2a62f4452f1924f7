using System.Text.Json.Nodes;
using Hawser.AppSets;
using Hawser.Apps;
using Hawser.Globs;
using Hawser.Manifests;

namespace Hawser.Scaffolding;

/// <summary>
/// How a config repo keeps its Argo CD objects, read from its files so new ones look like the old ones:
/// the folder holding most <c>Application</c> manifests (an <c>apps/</c> directory of Applications), the repoURL,
/// targetRevision, project, destination server, namespace and syncPolicy of the first of them, the ApplicationSet git
/// directory generators (a folder they match needs no Application of its own), and where cluster Secrets and AppProjects live.
/// </summary>
/// <param name="Root">The repository root.</param>
/// <param name="ApplicationsDirectory">Where Applications are kept (relative, <c>apps</c> when the repo has none yet).</param>
/// <param name="Template">The Application new ones copy (its repoURL, targetRevision, project, destination and syncPolicy), or null.</param>
/// <param name="DirectoryGenerators">Every ApplicationSet git directories generator: its set's name and its path patterns.</param>
/// <param name="ExistingApps">Application names already declared, with their file.</param>
/// <param name="ClustersDirectory">Where cluster Secrets are kept (<c>clusters</c> by default).</param>
/// <param name="ProjectsDirectory">Where AppProjects are kept (<c>projects</c> by default).</param>
/// <param name="ArgoNamespace">The namespace of the Argo CD objects (<c>argocd</c> unless the repo's Applications say otherwise).</param>
public sealed record RepoConventions(
    string Root,
    string ApplicationsDirectory,
    JsonObject? Template,
    IReadOnlyList<DirectoryGenerator> DirectoryGenerators,
    IReadOnlyDictionary<string, string> ExistingApps,
    string ClustersDirectory,
    string ProjectsDirectory,
    string ArgoNamespace)
{
    /// <summary>The repoURL existing Applications use for this repository, or null.</summary>
    public string? RepoUrl => Template?["spec"]?["source"]?["repoURL"]?.GetValue<string>();

    /// <summary>Reads the conventions of the repository at <paramref name="root"/>; unreadable files are skipped.</summary>
    public static async Task<RepoConventions> DetectAsync(string root, CancellationToken cancellationToken)
    {
        var apps = new List<(string File, JsonObject Body)>();
        var generators = new List<DirectoryGenerator>();
        var existing = new Dictionary<string, string>(StringComparer.Ordinal);
        var clusterFiles = new List<string>();
        var projectFiles = new List<string>();
        foreach (var file in ConfigRepoFiles.List(root))
        {
            var text = await File.ReadAllTextAsync(Path.Combine(root, file), cancellationToken);
            var isArgo = text.Contains("argoproj.io", StringComparison.Ordinal);
            if (!isArgo) continue;
            IReadOnlyList<YamlDocumentNode> documents;
            try { documents = YamlDocuments.Parse(text, file); }
            catch (ManifestException) { continue; }
            foreach (var body in documents.Select(d => d.Root).OfType<JsonObject>())
            {
                var kind = body["kind"] is JsonValue k && k.TryGetValue<string>(out var s) ? s : "";
                var name = body["metadata"]?["name"] is JsonValue n && n.TryGetValue<string>(out var nm) ? nm : "";
                if (kind == "Secret" && body["metadata"]?["labels"]?["argocd.argoproj.io/secret-type"] is JsonValue t && t.TryGetValue<string>(out var type) && type == "cluster")
                    clusterFiles.Add(file);
                if (body["apiVersion"] is not JsonValue v || !v.TryGetValue<string>(out var apiVersion) || !apiVersion.StartsWith(ApplicationReader.Group + "/", StringComparison.Ordinal)) continue;
                switch (kind)
                {
                    case "Application":
                        apps.Add((file, body));
                        existing.TryAdd(name, file);
                        break;
                    case "ApplicationSet":
                        foreach (var patterns in GitDirectories(body)) generators.Add(new DirectoryGenerator(name, file, patterns));
                        break;
                    case "AppProject":
                        projectFiles.Add(file);
                        break;
                }
            }
        }
        var appsDirectory = MostCommonDirectory(apps.Select(a => a.File)) ?? "apps";
        var template = apps.Where(a => Folder(a.File) == appsDirectory && a.Body["spec"]?["source"]?["path"] is not null).Select(a => a.Body).FirstOrDefault();
        var ns = template?["metadata"]?["namespace"] is JsonValue nsv && nsv.TryGetValue<string>(out var nsText) && nsText.Length > 0 ? nsText : "argocd";
        return new RepoConventions(root, appsDirectory, template, generators, existing,
            MostCommonDirectory(clusterFiles) ?? "clusters", MostCommonDirectory(projectFiles) ?? "projects", ns);
    }

    /// <summary>The ApplicationSet whose git directories generator takes <paramref name="folder"/> as an app, or null.</summary>
    public DirectoryGenerator? GeneratorFor(string folder) => DirectoryGenerators.FirstOrDefault(g => g.Matches(folder));

    private static IEnumerable<IReadOnlyList<(string Path, bool Exclude)>> GitDirectories(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                foreach (var found in GitDirectories(item)) yield return found;
            }
        }
        if (node is not JsonObject obj) yield break;
        if (obj["git"]?["directories"] is JsonArray directories)
        {
            yield return directories.OfType<JsonObject>()
                .Select(d => (d["path"] is JsonValue p && p.TryGetValue<string>(out var path) ? path : "", d["exclude"] is JsonValue e && e.TryGetValue<bool>(out var ex) && ex))
                .Where(d => d.Item1.Length > 0)
                .ToList();
        }
        foreach (var (key, value) in obj)
        {
            if (key != "template") foreach (var found in GitDirectories(value)) yield return found;
        }
    }

    private static string? MostCommonDirectory(IEnumerable<string> files) =>
        files.GroupBy(Folder).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();

    private static string Folder(string file) => Path.GetDirectoryName(file)?.Replace('\\', '/') is { Length: > 0 } d ? d : ".";
}

/// <summary>An ApplicationSet's git directories generator: folders matching an include pattern and no exclude pattern become apps.</summary>
public sealed record DirectoryGenerator(string ApplicationSet, string File, IReadOnlyList<(string Path, bool Exclude)> Patterns)
{
    /// <summary>True when the generator would take <paramref name="folder"/> (relative, <c>/</c>-separated).</summary>
    public bool Matches(string folder)
    {
        try
        {
            return Patterns.Any(p => !p.Exclude && Glob.Parse(p.Path, GlobOptions.GitGeneratorPath).IsMatch(folder))
                && !Patterns.Any(p => p.Exclude && Glob.Parse(p.Path, GlobOptions.GitGeneratorPath).IsMatch(folder));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// The folder a new app named <paramref name="name"/> gets under this generator: <c>prefix/NAME</c> for an include pattern
    /// <c>prefix/*</c>; null when no pattern has that shape.
    /// </summary>
    public string? FolderFor(string name) => Patterns
        .Where(p => !p.Exclude && p.Path.TrimStart('/').EndsWith("/*", StringComparison.Ordinal))
        .Select(p => p.Path.TrimStart('/')[..^2])
        .Where(prefix => prefix.IndexOfAny(['*', '?', '[', '{', '\\']) < 0)
        .Select(prefix => $"{prefix}/{name}")
        .FirstOrDefault(Matches);
}
