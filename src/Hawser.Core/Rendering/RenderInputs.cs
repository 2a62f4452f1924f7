using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.Manifests;

namespace Hawser.Rendering;

/// <summary>
/// The files an app's render reads, as one hash, so that two commits holding byte-identical inputs for an app share one render
/// cache entry (<see cref="AppRendererOptions.KeyByContent"/>). The set is conservative (it may hold more than the tools read,
/// never less): a directory app's whole folder; a chart's folder and its <c>file://</c> dependencies; a kustomization's folder
/// and, transitively, every local resource, base, component, patch, generator file and values file it names; every value file,
/// <c>--set-file</c> file and <c>$ref/...</c> file of the Application. Links are followed. Null when the inputs cannot be known
/// from the files: a config management plugin (its commands may read anything), Jsonnet (imports, and the commit in
/// <c>ARGOCD_APP_REVISION</c>), a parameter override file (<c>.argocd-source*.yaml</c>, see <see cref="ParameterOverrideFiles"/>),
/// or a path that leaves every source's files.
/// </summary>
internal static class RenderInputs
{
    /// <param name="sources">The app's sources, in order.</param>
    /// <param name="roots">Per source, the directory its files were checked out to (the unpacked chart for chart sources).</param>
    /// <param name="refRoots">The roots of <c>ref</c> sources by name.</param>
    /// <param name="pluginsDeclared">True when config management plugins are declared (one may claim a source by discovery).</param>
    public static string? Fingerprint(IReadOnlyList<ApplicationSource> sources, IReadOnlyList<string> roots, IReadOnlyDictionary<string, string> refRoots, bool pluginsDeclared)
    {
        var set = new InputSet(roots.Select(r => PathGuard.RealPath(Path.GetFullPath(r))).ToList());
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            if (source.IsRefOnly) continue;
            if (source.Plugin is not null || (pluginsDeclared && RendererChoice.MayUsePlugin(source))) return null;
            var appDirectory = Path.GetFullPath(Path.Combine(roots[i], source.IsChart ? "." : source.Path ?? "."));
            if (source.Helm is { } helm && !AddHelmFiles(set, helm, appDirectory, refRoots, chartFromRepository: source.IsChart)) return null;
            if (source.IsChart) continue;
            if (!Directory.Exists(appDirectory))
            {
                set.AddMissing(appDirectory);
                continue;
            }
            // A parameter override file may name value files anywhere (and change the tool): key by commit instead.
            if (Directory.EnumerateFiles(appDirectory, ".argocd-source*.yaml").Any()) return null;
            var added = RendererChoice.Choose(source, appDirectory) switch
            {
                RendererKind.Helm => AddChart(set, appDirectory),
                RendererKind.Kustomize => AddKustomization(set, appDirectory, source.Kustomize),
                _ => AddManifestDirectory(set, appDirectory),
            };
            if (!added) return null;
        }
        return set.Hash();
    }

    private static bool AddHelmFiles(InputSet set, HelmSource helm, string chartDirectory, IReadOnlyDictionary<string, string> refRoots, bool chartFromRepository)
    {
        foreach (var file in helm.ValueFiles)
        {
            if (file.StartsWith('$'))
            {
                var slash = file.IndexOf('/', StringComparison.Ordinal);
                var name = slash < 0 ? file[1..] : file[1..slash];
                if (!refRoots.TryGetValue(name, out var refRoot)) return false;
                if (!set.AddPath(Path.Combine(refRoot, slash < 0 ? "." : file[(slash + 1)..]))) return false;
            }
            else if (!chartFromRepository && !IsUrl(file) && !set.AddPath(Path.Combine(chartDirectory, file)))
            {
                return false;
            }
        }
        foreach (var parameter in helm.FileParameters)
        {
            if (!chartFromRepository && !set.AddPath(Path.Combine(chartDirectory, parameter.Path))) return false;
        }
        return true;
    }

    private static bool AddChart(InputSet set, string chartDirectory)
    {
        if (!set.AddPath(chartDirectory)) return false;
        foreach (var metadata in new[] { "Chart.yaml", "requirements.yaml" })
        {
            if (Read(Path.Combine(chartDirectory, metadata))?["dependencies"] is not JsonArray dependencies) continue;
            foreach (var dependency in dependencies)
            {
                if (dependency?["repository"] is not JsonValue v || !v.TryGetValue<string>(out var repository)) continue;
                if (!repository.StartsWith("file://", StringComparison.Ordinal)) continue;
                var local = Path.GetFullPath(Path.Combine(chartDirectory, repository["file://".Length..]));
                if (set.IsAdded(local)) continue;
                if (!(Directory.Exists(local) ? AddChart(set, local) : set.AddPath(local))) return false;
            }
        }
        return true;
    }

    private static bool AddKustomization(InputSet set, string directory, KustomizeSource? edits)
    {
        if (!set.AddPath(directory)) return false;
        var paths = new List<string>();
        foreach (var name in RendererChoice.KustomizationFiles)
        {
            if (Read(Path.Combine(directory, name)) is { } doc) paths.AddRange(KustomizeLoadPolicy.Paths(doc).Select(p => p.Path));
        }
        if (edits is not null)
        {
            paths.AddRange(edits.Components);
            paths.AddRange(edits.Patches.Where(p => p.Path is not null).Select(p => p.Path!));
        }
        foreach (var value in paths.Select(p => p.Trim()))
        {
            // Remote references are fetched by kustomize itself, as they are when the cache is keyed by commit; inline
            // generator and transformer objects are part of the kustomization file already hashed.
            if (value.Length == 0 || KustomizeLoadPolicy.IsRemote(value) || value.Contains('\n', StringComparison.Ordinal)) continue;
            var full = Path.GetFullPath(Path.Combine(directory, value));
            if (set.IsAdded(full)) continue;
            var added = Directory.Exists(full) && RendererChoice.KustomizationFiles.Any(f => File.Exists(Path.Combine(full, f)))
                ? AddKustomization(set, full, null)
                : set.AddPath(full);
            if (!added) return false;
        }
        return true;
    }

    private static bool AddManifestDirectory(InputSet set, string directory)
    {
        if (Directory.EnumerateFiles(directory, "*.*sonnet", SearchOption.AllDirectories).Any()) return false;
        return set.AddPath(directory);
    }

    private static JsonObject? Read(string file)
    {
        if (!File.Exists(file)) return null;
        try
        {
            return YamlDocuments.Parse(UntrustedText.Decode(File.ReadAllBytes(file), file, ParseLimits.Default), file).Select(d => d.Root).OfType<JsonObject>().FirstOrDefault();
        }
        catch (ManifestException)
        {
            // The render reports the broken file; the file itself is part of the hash already.
            return null;
        }
    }

    private static bool IsUrl(string path) => path.Contains("://", StringComparison.Ordinal);

    /// <summary>The files (and missing paths) gathered, each kept as its source root's index and its path inside that root.</summary>
    private sealed class InputSet(IReadOnlyList<string> roots)
    {
        private readonly SortedDictionary<string, string> _entries = new(StringComparer.Ordinal);
        private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
        private readonly List<string> _added = [];

        public bool IsAdded(string path) => _added.Any(a => PathGuard.IsInside(path, a));

        /// <summary>Adds a file, or a directory with everything under it; false when the path leaves every root.</summary>
        public bool AddPath(string path)
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full) && !Directory.Exists(full))
            {
                AddMissing(full);
                return Label(PathGuard.RealPath(full)) is not null;
            }
            _added.Add(full);
            return Walk(full);
        }

        public void AddMissing(string path)
        {
            if (Label(PathGuard.RealPath(path)) is { } label) _entries[label] = "missing";
        }

        public string Hash()
        {
            var sb = new StringBuilder();
            foreach (var (label, digest) in _entries) sb.Append(label).Append('\t').Append(digest).Append('\n');
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
        }

        private bool Walk(string path)
        {
            var real = PathGuard.RealPath(path);
            if (!_visited.Add(real)) return true;
            if (Label(real) is not { } label) return false;
            if (File.Exists(real))
            {
                using var stream = File.OpenRead(real);
                _entries[label] = Convert.ToHexStringLower(SHA256.HashData(stream));
                return true;
            }
            _entries[label + "/"] = "directory";
            foreach (var entry in Directory.EnumerateFileSystemEntries(real).Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(entry) == ".git") continue;
                if (!Walk(entry)) return false;
            }
            return true;
        }

        /// <summary>The root's index and the path inside it, for a path with its links resolved; null outside every root.</summary>
        private string? Label(string path)
        {
            var best = -1;
            for (var i = 0; i < roots.Count; i++)
            {
                if (PathGuard.IsInside(path, roots[i]) && (best < 0 || roots[i].Length > roots[best].Length)) best = i;
            }
            return best < 0 ? null : $"{best}:{Path.GetRelativePath(roots[best], path).Replace('\\', '/')}";
        }
    }
}
