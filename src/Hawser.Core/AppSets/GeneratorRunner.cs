using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.Globs;
using Hawser.Manifests;
using Hawser.Rendering;

namespace Hawser.AppSets;

/// <summary>One parameter set and where it came from (for messages), e.g. <c>spec.generators[0] (list element 2)</c>.</summary>
internal sealed record ParamSet(JsonObject Values, string Origin);

/// <summary>A generator could not produce its parameters; the message names the generator's field path.</summary>
internal sealed class GeneratorException(string message) : Exception(message);

/// <summary>
/// Runs generators: each produces parameter sets (<see cref="ParamSet"/>), filtered by the entry's post <c>selector</c>.
/// Matrix and merge run their children; the second child of a matrix is re-read once per parameter set of the first, with
/// those parameters substituted into its declaration.
/// </summary>
internal sealed class GeneratorRunner
{
    private readonly AppSetSpec _spec;
    private readonly IReadOnlyList<AppSetCluster> _clusters;
    private readonly Func<string, string, CancellationToken, Task<RepositorySnapshot>> _openRepository;
    private readonly ParamTemplater _templater;

    public GeneratorRunner(AppSetSpec spec, IReadOnlyList<AppSetCluster> clusters, Func<string, string, CancellationToken, Task<RepositorySnapshot>> openRepository)
    {
        _spec = spec;
        _clusters = clusters;
        _openRepository = openRepository;
        _templater = ParamTemplater.For(spec);
    }

    /// <summary>The repositories read, as <c>URL@revision</c>, in the order they were first read.</summary>
    public List<string> Revisions { get; } = [];

    public async Task<List<ParamSet>> RunAsync(AppSetGenerator generator, CancellationToken cancellationToken)
    {
        var sets = generator switch
        {
            ListGenerator l => List(l),
            ClusterGenerator c => Clusters(c),
            GitGenerator g => await GitAsync(g, cancellationToken),
            MatrixGenerator m => await MatrixAsync(m, cancellationToken),
            MergeGenerator m => await MergeAsync(m, cancellationToken),
            _ => throw new GeneratorException($"{generator.Path}: the {generator.Kind} generator is not supported by Hawser"),
        };
        if (generator.Selector is { IsEmpty: false } selector)
            sets = sets.Where(s => selector.Matches(LookupIn(s.Values))).ToList();
        return sets;
    }

    private Func<string, string?> LookupIn(JsonObject values)
    {
        var flat = _spec.GoTemplate ? Params.Flatten(values) : values;
        return key => Params.Lookup(flat, key);
    }

    private List<ParamSet> List(ListGenerator l)
    {
        var elements = new List<(JsonObject Element, string Origin)>();
        for (var i = 0; i < l.Elements.Count; i++) elements.Add((l.Elements[i], $"{l.Path} (list element {i})"));
        if (l.ElementsYaml is { } yaml)
        {
            JsonNode? root;
            try { root = YamlDocuments.Parse(yaml, $"{l.Path}.list.elementsYaml").FirstOrDefault()?.Root; }
            catch (ManifestException e) { throw new GeneratorException(e.Message); }
            if (root is not null and not JsonArray) throw new GeneratorException($"{l.Path}.list.elementsYaml: expected a YAML list of maps");
            var items = (JsonArray?)root ?? [];
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is not JsonObject o) throw new GeneratorException($"{l.Path}.list.elementsYaml[{i}]: expected a map of parameters");
                elements.Add((o, $"{l.Path} (elementsYaml element {i})"));
            }
        }
        var result = new List<ParamSet>();
        foreach (var (element, origin) in elements)
        {
            if (_spec.GoTemplate)
            {
                result.Add(new ParamSet(Params.Copy(element), origin));
                continue;
            }
            var values = new JsonObject();
            foreach (var (key, value) in element)
            {
                if (key == "values" && value is JsonObject nested)
                {
                    foreach (var (k, v) in nested) values[$"values.{k}"] = Scalar(v, origin, $"values.{k}");
                }
                else
                {
                    values[key] = Scalar(value, origin, key);
                }
            }
            result.Add(new ParamSet(values, origin));
        }
        return result;
    }

    private static string Scalar(JsonNode? value, string origin, string key) => value is JsonObject or JsonArray
        ? throw new GeneratorException($"{origin}: parameter \"{key}\" is {(value is JsonObject ? "a map" : "a list")}; without goTemplate: true every list element value must be a string")
        : Params.Text(value);

    private List<ParamSet> Clusters(ClusterGenerator c)
    {
        var selected = new List<AppSetCluster>();
        var hasSelector = c.ClusterSelector is { IsEmpty: false };
        if (!hasSelector && !_clusters.Any(k => k.IsInCluster)) selected.Add(AppSetCluster.InCluster);
        foreach (var cluster in _clusters.OrderBy(k => k.Name, StringComparer.Ordinal))
        {
            if (!hasSelector || c.ClusterSelector!.Matches(key => cluster.Labels.TryGetValue(key, out var v) ? v : null)) selected.Add(cluster);
        }
        var result = new List<ParamSet>();
        foreach (var cluster in selected)
        {
            var origin = $"{c.Path} (cluster \"{cluster.Name}\")";
            JsonObject values;
            if (_spec.GoTemplate)
            {
                values = new JsonObject
                {
                    ["name"] = cluster.Name,
                    ["nameNormalized"] = Params.Normalize(cluster.Name),
                    ["server"] = cluster.Server,
                    ["project"] = cluster.Project,
                    ["metadata"] = new JsonObject { ["labels"] = Map(cluster.Labels), ["annotations"] = Map(cluster.Annotations) },
                };
            }
            else
            {
                values = new JsonObject
                {
                    ["name"] = cluster.Name,
                    ["nameNormalized"] = Params.Normalize(cluster.Name),
                    ["server"] = cluster.Server,
                    ["project"] = cluster.Project,
                };
                foreach (var (k, v) in cluster.Labels) values[$"metadata.labels.{k}"] = v;
                foreach (var (k, v) in cluster.Annotations) values[$"metadata.annotations.{k}"] = v;
            }
            AddValues(values, c.Values, c.Path + ".clusters.values", origin);
            result.Add(new ParamSet(values, origin));
        }
        return result;
    }

    private static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map) o[k] = v;
        return o;
    }

    // values.KEY parameters: each value is itself a template over the parameters generated so far.
    private void AddValues(JsonObject values, IReadOnlyDictionary<string, string> declared, string position, string origin)
    {
        if (declared.Count == 0) return;
        var rendered = new JsonObject();
        foreach (var (k, template) in declared)
        {
            try { rendered[k] = _templater.Render(template, values, $"{position}.{k}"); }
            catch (AppSetTemplateException e) { throw new GeneratorException($"{origin}: {e.Message}"); }
        }
        if (_spec.GoTemplate)
        {
            values["values"] = rendered;
        }
        else
        {
            foreach (var (k, v) in rendered) values[$"values.{k}"] = v?.DeepClone();
        }
    }

    private async Task<List<ParamSet>> GitAsync(GitGenerator g, CancellationToken cancellationToken)
    {
        RepositorySnapshot snapshot;
        try
        {
            snapshot = await _openRepository(g.RepoUrl, g.Revision, cancellationToken);
        }
        catch (Exception e) when (e is RenderException or Sources.SourceException or IOException)
        {
            throw new GeneratorException($"{g.Path}: repository {g.RepoUrl} at {g.Revision}: {e.Message}");
        }
        var revision = $"{g.RepoUrl}@{snapshot.Revision}";
        if (!Revisions.Contains(revision)) Revisions.Add(revision);
        return g.Directories.Count > 0 ? Directories(g, snapshot) : Files(g, snapshot);
    }

    private List<ParamSet> Directories(GitGenerator g, RepositorySnapshot snapshot)
    {
        var (include, exclude) = Compile(g.Directories);
        var result = new List<ParamSet>();
        foreach (var dir in RepositoryTree.Directories(snapshot.Directory))
        {
            if (!include.Any(r => r.IsMatch(dir)) || exclude.Any(r => r.IsMatch(dir))) continue;
            var values = new JsonObject();
            AddPathParams(values, dir, null, g.PathParamPrefix);
            var origin = $"{g.Path} (directory {dir})";
            AddValues(values, g.Values, g.Path + ".git.values", origin);
            result.Add(new ParamSet(values, origin));
        }
        return result;
    }

    private List<ParamSet> Files(GitGenerator g, RepositorySnapshot snapshot)
    {
        var (include, exclude) = Compile(g.Files);
        var result = new List<ParamSet>();
        foreach (var file in RepositoryTree.Files(snapshot.Directory))
        {
            if (!include.Any(r => r.IsMatch(file)) || exclude.Any(r => r.IsMatch(file))) continue;
            string full;
            try { full = PathGuard.Resolve(snapshot.Directory, snapshot.Directory, file, $"{g.Path}.git.files"); }
            catch (RenderException e) { throw new GeneratorException(e.Message); }
            var objects = ReadParameterFile(full, file, g.Path);
            var dir = file.Contains('/', StringComparison.Ordinal) ? file[..file.LastIndexOf('/')] : ".";
            for (var i = 0; i < objects.Count; i++)
            {
                var values = _spec.GoTemplate ? Params.Copy(objects[i]) : Params.Flatten(objects[i]);
                AddPathParams(values, dir, System.IO.Path.GetFileName(file), g.PathParamPrefix);
                var origin = objects.Count == 1 ? $"{g.Path} (file {file})" : $"{g.Path} (file {file}, element {i})";
                AddValues(values, g.Values, g.Path + ".git.values", origin);
                result.Add(new ParamSet(values, origin));
            }
        }
        return result;
    }

    // A file holds one map (one parameter set) or a list of maps (one set each); an empty file is one set with only path parameters.
    private static List<JsonObject> ReadParameterFile(string full, string file, string path)
    {
        JsonNode? root;
        try
        {
            root = YamlDocuments.Parse(File.ReadAllText(full), file).FirstOrDefault()?.Root;
        }
        catch (ManifestException e)
        {
            throw new GeneratorException($"{path}: {e.Message}");
        }
        return root switch
        {
            null => [new JsonObject()],
            JsonObject o => [o],
            JsonArray a when a.All(e => e is JsonObject) => a.Count == 0 ? [new JsonObject()] : a.Select(e => (JsonObject)e!).ToList(),
            _ => throw new GeneratorException($"{path}: {file} must hold a map of parameters or a list of maps"),
        };
    }

    private void AddPathParams(JsonObject values, string dir, string? filename, string? prefix)
    {
        var segments = dir.Split('/');
        var basename = segments[^1];
        if (_spec.GoTemplate)
        {
            var path = new JsonObject
            {
                ["path"] = dir,
                ["basename"] = basename,
                ["basenameNormalized"] = Params.Normalize(basename),
                ["segments"] = new JsonArray(segments.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
            };
            if (filename is not null)
            {
                path["filename"] = filename;
                path["filenameNormalized"] = Params.Normalize(filename);
            }
            if (prefix is null) values["path"] = path;
            else values[prefix] = new JsonObject { ["path"] = path };
            return;
        }
        var name = prefix is null ? "path" : $"{prefix}.path";
        values[name] = dir;
        values[$"{name}.basename"] = basename;
        values[$"{name}.basenameNormalized"] = Params.Normalize(basename);
        if (filename is not null)
        {
            values[$"{name}.filename"] = filename;
            values[$"{name}.filenameNormalized"] = Params.Normalize(filename);
        }
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length > 0) values[$"{name}[{i}]"] = segments[i];
        }
    }

    private static (List<Glob> Include, List<Glob> Exclude) Compile(IReadOnlyList<GitPathPattern> patterns) =>
        (patterns.Where(p => !p.Exclude).Select(p => Glob.Parse(p.Pattern, GlobOptions.GitGeneratorPath)).ToList(),
         patterns.Where(p => p.Exclude).Select(p => Glob.Parse(p.Pattern, GlobOptions.GitGeneratorPath)).ToList());

    private async Task<List<ParamSet>> MatrixAsync(MatrixGenerator m, CancellationToken cancellationToken)
    {
        if (m.Children.Count != 2) throw new GeneratorException($"{m.Path}: a matrix generator combines exactly 2 generators");
        var result = new List<ParamSet>();
        foreach (var first in await RunAsync(m.Children[0], cancellationToken))
        {
            var second = Interpolate(m.Children[1], first);
            foreach (var other in await RunAsync(second, cancellationToken))
                result.Add(new ParamSet(Combine(first, other, m.Path), $"{first.Origin} × {other.Origin}"));
        }
        return result;
    }

    // The second child of a matrix may use the first child's parameters anywhere in its declaration.
    private AppSetGenerator Interpolate(AppSetGenerator child, ParamSet with)
    {
        JsonObject raw;
        try { raw = (JsonObject)_templater.RenderTree(child.Raw, with.Values, child.Path)!; }
        catch (AppSetTemplateException e) { throw new GeneratorException($"{with.Origin}: {e.Message}"); }
        var errors = new List<AppDiagnostic>();
        var sink = new DiagnosticSink(errors, [], null, "generator");
        var reread = ApplicationSetReader.ReadGenerator(new FieldCursor(raw, child.Path, sink));
        if (errors.Count > 0 || reread is null)
            throw new GeneratorException($"{child.Path} with the parameters of {with.Origin}: {string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"))}");
        return reread;
    }

    private JsonObject Combine(ParamSet a, ParamSet b, string path)
    {
        if (_spec.GoTemplate) return DeepOverride(a.Values, b.Values);
        var result = Params.Copy(a.Values);
        foreach (var (key, value) in b.Values)
        {
            if (result[key] is { } existing && !JsonNode.DeepEquals(existing, value))
                throw new GeneratorException($"{path}: parameter \"{key}\" is generated by both children with different values (\"{Params.Text(existing)}\" by {a.Origin}, \"{Params.Text(value)}\" by {b.Origin}); rename one (for git generators: pathParamPrefix)");
            result[key] = value?.DeepClone();
        }
        return result;
    }

    private static JsonObject DeepOverride(JsonObject target, JsonObject overlay)
    {
        var result = Params.Copy(target);
        foreach (var (key, value) in overlay)
        {
            if (value is JsonObject o && result[key] is JsonObject existing) result[key] = DeepOverride(existing, o);
            else result[key] = value?.DeepClone();
        }
        return result;
    }

    private async Task<List<ParamSet>> MergeAsync(MergeGenerator m, CancellationToken cancellationToken)
    {
        if (m.Children.Count < 2) throw new GeneratorException($"{m.Path}: a merge generator needs at least 2 generators");
        var baseSets = await RunAsync(m.Children[0], cancellationToken);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var merged = baseSets.Select(s => s.Values).ToList();
        for (var i = 0; i < baseSets.Count; i++)
        {
            var key = MergeKey(baseSets[i].Values, m.MergeKeys);
            if (!index.TryAdd(key, i))
                throw new GeneratorException($"{m.Path}: {baseSets[index[key]].Origin} and {baseSets[i].Origin} have the same merge key values {key}");
        }
        foreach (var child in m.Children.Skip(1))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var set in await RunAsync(child, cancellationToken))
            {
                var key = MergeKey(set.Values, m.MergeKeys);
                if (!seen.Add(key)) throw new GeneratorException($"{m.Path}: {child.Path} generates the merge key values {key} twice");
                if (!index.TryGetValue(key, out var at)) continue;
                merged[at] = _spec.GoTemplate ? DeepOverride(merged[at], set.Values) : Override(merged[at], set.Values);
            }
        }
        return merged.Select((values, i) => new ParamSet(values, baseSets[i].Origin)).ToList();
    }

    private static JsonObject Override(JsonObject target, JsonObject overlay)
    {
        var result = Params.Copy(target);
        foreach (var (key, value) in overlay) result[key] = value?.DeepClone();
        return result;
    }

    private string MergeKey(JsonObject values, IReadOnlyList<string> keys)
    {
        var flat = _spec.GoTemplate ? Params.Flatten(values) : values;
        var key = new JsonArray(keys.Select(k => (JsonNode?)(flat.ContainsKey(k) ? JsonValue.Create(Params.Lookup(flat, k)) : null)).ToArray());
        return key.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
