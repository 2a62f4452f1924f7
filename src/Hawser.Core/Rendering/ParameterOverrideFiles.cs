using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.AppSets;
using Hawser.Manifests;

namespace Hawser.Rendering;

/// <summary>
/// Argo CD's parameter override files, read from the app's source directory at render time: <c>.argocd-source.yaml</c>,
/// then <c>.argocd-source-APP.yaml</c> (so the app's own file wins). Each is a fragment of <c>spec.source</c>
/// (<c>helm:</c>, <c>kustomize:</c>, <c>directory:</c>, <c>plugin:</c>) merged onto the Application's source as a JSON
/// merge patch, as Argo CD does: maps merge key by key, a list (such as <c>helm.parameters</c>) replaces the
/// Application's list whole, <c>null</c> removes a field. <c>repoURL</c>, <c>path</c>, <c>chart</c>,
/// <c>targetRevision</c> and <c>ref</c> always stay the Application's. Field names match case-insensitively as Go's JSON
/// decoder does, so the <c>forcestring</c> Argo CD Image Updater writes is <c>forceString</c>. This is how a Git
/// write-back of Image Updater (or <c>hawser image set</c>) changes what is deployed.
/// </summary>
internal static class ParameterOverrideFiles
{
    /// <summary>The generic file name.</summary>
    public const string GenericFile = ".argocd-source.yaml";

    // Every field name of an Argo CD source, for case-insensitive matching; values under the maps below are data, not fields.
    private static readonly Dictionary<string, string> FieldNames = new[]
    {
        "repoURL", "path", "targetRevision", "chart", "ref", "name", "helm", "kustomize", "directory", "plugin",
        "releaseName", "valueFiles", "values", "valuesObject", "parameters", "fileParameters", "value", "forceString", "skipCrds",
        "ignoreMissingValueFiles", "kubeVersion", "apiVersions", "passCredentials", "version", "namespace", "skipSchemaValidation", "skipTests",
        "buildOptions", "images", "namePrefix", "nameSuffix", "commonLabels", "commonAnnotations", "replicas", "count", "patches", "patch",
        "target", "options", "group", "kind", "labelSelector", "annotationSelector", "allowNameChange", "allowKindChange", "components",
        "forceCommonLabels", "forceCommonAnnotations", "labelWithoutSelector", "labelIncludeTemplates", "commonAnnotationsEnvsubst",
        "ignoreMissingComponents", "recurse", "include", "exclude", "jsonnet", "extVars", "tlas", "libs", "code", "env", "string", "map", "array",
    }.ToDictionary(n => n, StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> DataFields = new(StringComparer.Ordinal) { "valuesObject", "commonLabels", "commonAnnotations", "map" };

    /// <summary>The app-specific file name.</summary>
    public static string AppFile(string app) => $".argocd-source-{app}.yaml";

    /// <summary>
    /// The source with the override files of <paramref name="directory"/> merged on, and the warnings the files added
    /// (fields Hawser does not act on); the source itself when there are none.
    /// </summary>
    /// <param name="display">The app directory as users name it (for messages).</param>
    /// <exception cref="RenderException">A file is not YAML, not a mapping, or sets a field to an invalid value; the message names the file and field.</exception>
    public static async Task<(ApplicationSource Source, IReadOnlyList<string> Warnings)> ApplyAsync(
        ApplicationSource source, string directory, string display, string app, bool multiSource, CancellationToken cancellationToken)
    {
        var files = new[] { GenericFile, AppFile(app) }.Where(f => File.Exists(Path.Combine(directory, f))).ToList();
        if (files.Count == 0) return (source, []);

        var merged = ApplicationSourceJson.Write(source);
        foreach (var file in files)
        {
            var name = Combine(display, file);
            var text = await File.ReadAllTextAsync(Path.Combine(directory, file), cancellationToken);
            IReadOnlyList<YamlDocumentNode> documents;
            try
            {
                documents = YamlDocuments.Parse(text, name);
            }
            catch (ManifestException e)
            {
                throw new RenderException(e.Message, e);
            }
            var root = documents.FirstOrDefault(d => d.Root is not null)?.Root;
            if (root is null) continue;
            if (root is not JsonObject patch) throw new RenderException($"{name}: expected a mapping of source fields (helm:, kustomize:, directory:, plugin:)");
            merged = MergePatch.Apply(merged, Canonical(patch));
        }
        // Only the tool options come from the files: where the source is and what it is stay the Application's.
        merged["repoURL"] = source.RepoUrl;
        merged["targetRevision"] = source.TargetRevision;
        foreach (var (key, value) in new[] { ("path", source.Path), ("chart", source.Chart), ("ref", source.Ref) })
        {
            if (value is null) merged.Remove(key);
            else merged[key] = value;
        }

        var what = $"{string.Join(" + ", files.Select(f => Combine(display, f)))} merged onto the source";
        var (errors, warnings) = (new List<AppDiagnostic>(), new List<AppDiagnostic>());
        var result = ApplicationSourceJson.Read(merged, source.KustomizeBuildOptions, multiSource, what, "", errors, warnings);
        if (errors.Count > 0 || result is null) throw new RenderException(string.Join("; ", errors.Select(e => e.ToString())));
        // Warnings the Application's own fields cause were reported when it was read; only the files' new ones are news.
        var baseline = new List<AppDiagnostic>();
        ApplicationSourceJson.Read(ApplicationSourceJson.Write(source), source.KustomizeBuildOptions, multiSource, what, "", [], baseline);
        var known = baseline.Select(w => (w.Field, w.Message)).ToHashSet();
        var news = warnings.Where(w => !known.Contains((w.Field, w.Message))).Select(w => w.ToString()).ToList();
        return (result with { KustomizeBuildOptions = result.Kustomize is { BuildOptions.Count: > 0 } ? result.KustomizeBuildOptions : source.KustomizeBuildOptions }, news);
    }

    /// <summary>The patch with field names spelled as Argo CD's (Go's JSON decoder matches them case-insensitively).</summary>
    private static JsonObject Canonical(JsonObject patch)
    {
        var result = new JsonObject();
        foreach (var (key, value) in patch)
        {
            var name = FieldNames.TryGetValue(key, out var canonical) ? canonical : key;
            result[name] = DataFields.Contains(name) ? value?.DeepClone() : Canonical(value);
        }
        return result;
    }

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => Canonical(o),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };

    private static string Combine(string display, string file) => display is "" or "." ? file : $"{display.TrimEnd('/')}/{file}";
}
