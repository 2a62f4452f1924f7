using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Rendering;

/// <summary>
/// Kustomize build options that relax what a build may load are the operator's decision, as in Argo CD (where build options
/// live in <c>argocd-cm</c>, <c>kustomize.buildOptions</c>): <c>--load-restrictor LoadRestrictionsNone</c> (files outside the
/// kustomization's directory) and <c>--enable-alpha-plugins</c> (plugins that run programs). An app (its
/// <c>kustomize.buildOptions</c> or the <c>hawser.io/kustomize-build-options</c> annotation, possibly rendered from Git by a
/// parent app) may use one only when <see cref="AppRendererOptions.AllowedKustomizeBuildOptions"/> lists it. Even then the
/// build runs on a private copy holding only the repository, and every path a kustomization names must stay inside that
/// repository: an absolute path or a <c>../</c> that climbs out of it is refused before kustomize runs, so no build reads a
/// host file.
/// </summary>
internal static class KustomizeLoadPolicy
{
    /// <summary>The option that lifts kustomize's own restriction to the kustomization's directory.</summary>
    public const string LoadRestrictionsNone = "--load-restrictor LoadRestrictionsNone";

    /// <summary>The option that lets kustomize run plugins.</summary>
    public const string AlphaPlugins = "--enable-alpha-plugins";

    private static readonly string[] PathLists = ["resources", "bases", "components", "crds", "configurations", "generators", "transformers", "validators", "patchesStrategicMerge"];
    private static readonly string[] GeneratorLists = ["configMapGenerator", "secretGenerator"];

    /// <summary>The relaxing options among <paramref name="options"/>, in the form <see cref="AppRendererOptions.AllowedKustomizeBuildOptions"/> lists them.</summary>
    public static IReadOnlyList<string> Relaxing(IReadOnlyList<string> options)
    {
        var found = new List<string>();
        for (var i = 0; i < options.Count; i++)
        {
            if (options[i] == "--load-restrictor" && i + 1 < options.Count && options[i + 1] == "LoadRestrictionsNone") found.Add(LoadRestrictionsNone);
            if (options[i] == "--load-restrictor=LoadRestrictionsNone") found.Add(LoadRestrictionsNone);
            if (options[i] == AlphaPlugins) found.Add(AlphaPlugins);
        }
        return found;
    }

    /// <summary>
    /// Throws <see cref="RenderException"/> when the app uses a relaxing option the operator did not allow.
    /// <paramref name="allowed"/> holds parsed build option arguments (as argocd-cm's <c>kustomize.buildOptions</c> reads) or
    /// whole options such as <see cref="LoadRestrictionsNone"/>.
    /// </summary>
    public static void CheckAllowed(IReadOnlyList<string> options, IReadOnlyCollection<string> allowed, string appPath)
    {
        var permitted = Relaxing([.. allowed]).Concat(allowed).ToHashSet(StringComparer.Ordinal);
        foreach (var option in Relaxing(options))
        {
            if (!permitted.Contains(option))
                throw new RenderException($"kustomize build {appPath}: build option '{option}' is not allowed for apps; the operator must allow it " +
                    "(argocd-cm kustomize.buildOptions, or 'hawser --allow-kustomize-build-option \"" + option + "\"')");
        }
    }

    /// <summary>
    /// Refuses any path in any kustomization of <paramref name="repoRoot"/> that is absolute or resolves outside it
    /// (remote resources, <c>https://</c> or <c>github.com/...</c>, are left to kustomize).
    /// </summary>
    public static void CheckPathsInside(string repoRoot)
    {
        var root = Path.GetFullPath(repoRoot);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => RendererChoice.KustomizationFiles.Contains(Path.GetFileName(f))))
        {
            var display = Path.GetRelativePath(root, file);
            JsonObject? doc;
            try
            {
                doc = YamlDocuments.Parse(UntrustedText.Decode(File.ReadAllBytes(file), display, ParseLimits.Default), display).Select(d => d.Root).OfType<JsonObject>().FirstOrDefault();
            }
            catch (ManifestException e)
            {
                throw new RenderException(e.Message, e);
            }
            if (doc is null) continue;
            var directory = Path.GetDirectoryName(file)!;
            foreach (var (field, path) in Paths(doc)) Check(root, directory, display, field, path);
        }
    }

    /// <summary>Every local path a kustomization names (remote references included; callers filter them with <see cref="IsRemote"/>).</summary>
    internal static IEnumerable<(string Field, string Path)> Paths(JsonObject doc)
    {
        foreach (var list in PathLists)
        {
            foreach (var (i, value) in Strings(doc[list])) yield return ($"{list}[{i}]", value);
        }
        foreach (var list in GeneratorLists)
        {
            if (doc[list] is not JsonArray generators) continue;
            for (var g = 0; g < generators.Count; g++)
            {
                foreach (var key in new[] { "files", "envs" })
                {
                    // files entries may be "key=path".
                    foreach (var (i, value) in Strings(generators[g]?[key])) yield return ($"{list}[{g}].{key}[{i}]", value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                }
                if (generators[g]?["env"] is JsonValue env && env.TryGetValue<string>(out var envPath)) yield return ($"{list}[{g}].env", envPath);
            }
        }
        foreach (var list in new[] { "patches", "patchesJson6902", "replacements" })
        {
            if (doc[list] is not JsonArray items) continue;
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i]?["path"] is JsonValue p && p.TryGetValue<string>(out var path)) yield return ($"{list}[{i}].path", path);
            }
        }
        if (doc["openapi"]?["path"] is JsonValue openapi && openapi.TryGetValue<string>(out var schema)) yield return ("openapi.path", schema);
        if (doc["helmGlobals"]?["chartHome"] is JsonValue home && home.TryGetValue<string>(out var chartHome)) yield return ("helmGlobals.chartHome", chartHome);
        if (doc["helmCharts"] is JsonArray charts)
        {
            for (var i = 0; i < charts.Count; i++)
            {
                if (charts[i]?["valuesFile"] is JsonValue v && v.TryGetValue<string>(out var values)) yield return ($"helmCharts[{i}].valuesFile", values);
                foreach (var (j, extra) in Strings(charts[i]?["additionalValuesFiles"])) yield return ($"helmCharts[{i}].additionalValuesFiles[{j}]", extra);
            }
        }
    }

    private static IEnumerable<(int Index, string Value)> Strings(JsonNode? node)
    {
        if (node is not JsonArray array) yield break;
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.TryGetValue<string>(out var s)) yield return (i, s);
        }
    }

    private static void Check(string root, string directory, string file, string field, string path)
    {
        var value = path.Trim();
        if (value.Length == 0 || IsRemote(value)) return;
        if (Path.IsPathRooted(value) || value.StartsWith('~'))
            throw new RenderException($"{file}: {field}: \"{value}\" is an absolute path; a kustomization may only load files of its repository");
        if (!PathGuard.IsInside(Path.GetFullPath(Path.Combine(directory, value)), root))
            throw new RenderException($"{file}: {field}: \"{value}\" points outside the repository; a kustomization may only load files of its repository");
    }

    /// <summary>True for a remote reference (<c>https://...</c>, <c>git@...</c>, <c>github.com/...</c>) kustomize fetches itself.</summary>
    internal static bool IsRemote(string value) =>
        value.Contains("://", StringComparison.Ordinal) || value.StartsWith("git@", StringComparison.Ordinal)
        || value.StartsWith("github.com/", StringComparison.Ordinal) || value.StartsWith("gitlab.com/", StringComparison.Ordinal)
        || value.StartsWith("bitbucket.org/", StringComparison.Ordinal);
}
