using System.Globalization;
using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.Globs;
using Hawser.Manifests;

namespace Hawser.AppSets;

/// <summary>
/// Reads an ApplicationSet's spec into <see cref="AppSetSpec"/> for <see cref="ApplicationReader"/>, reporting every error
/// under its field path and warning about every field Hawser does not act on.
/// </summary>
internal static class ApplicationSetReader
{
    /// <summary>The generator kinds Argo CD knows that Hawser does not support; a set using one gets a condition naming it.</summary>
    public static readonly IReadOnlyList<string> UnsupportedKinds = ["scmProvider", "pullRequest", "clusterDecisionResource", "plugin"];

    private static readonly string[] SupportedKinds = ["list", "clusters", "git", "matrix", "merge"];

    public static ApplicationSet? Read(FieldCursor root, ObjectMetadata metadata, SourceLocation? source)
    {
        var spec = root.Object("spec", required: true);
        root.Finish();
        if (spec is null) return null;

        var list = spec.ObjectList("generators");
        if (!spec.Has("generators")) spec.Error("generators", "is required (at least one generator)");
        else if (list.Count == 0) spec.Error("generators", "must list at least one generator");
        var generators = list.Select(ReadGenerator).Where(g => g is not null).Select(g => g!).ToList();

        var goTemplate = spec.Bool("goTemplate");
        var options = spec.StringList("goTemplateOptions");
        foreach (var option in options)
        {
            if (option is not ("missingkey=error" or "missingkey=zero" or "missingkey=default" or "missingkey=invalid"))
                spec.Error("goTemplateOptions", $"\"{option}\" is not a Go template option (missingkey=default, missingkey=zero or missingkey=error)");
        }
        if (options.Count > 0 && !goTemplate) spec.Warn("goTemplateOptions", "ignored because goTemplate is not true");

        var template = spec.RawObject("template");
        if (template is null && !spec.Has("template")) spec.Error("template", "is required");
        if (template is not null) CheckTemplate(spec, "template", template);
        var patch = spec.NonEmptyString("templatePatch");

        var syncPolicy = ReadSyncPolicy(spec);
        var strategy = ReadStrategy(spec);
        var ignore = spec.ObjectList("ignoreApplicationDifferences").Select(c =>
        {
            var entry = new AppSetIgnoreDifference(c.NonEmptyString("name"), c.StringList("jsonPointers"), c.StringList("jqPathExpressions"));
            foreach (var pointer in entry.JsonPointers.Where(p => p.Length > 0 && p[0] != '/'))
                c.Error("jsonPointers", $"\"{pointer}\" is not a JSON pointer (it must start with '/')");
            c.Finish();
            return entry;
        }).ToList();
        spec.Unsupported("preservedFields", "use ignoreApplicationDifferences for fields of generated apps that others change");
        spec.Skip("applyNestedSelectors");
        spec.Finish();

        if (template is null) return null;
        return new ApplicationSet(metadata, new AppSetSpec(generators, goTemplate, options, template, patch, syncPolicy, strategy, ignore), source);
    }

    /// <summary>Reads one generator entry (also used again for a matrix's second child once the first child's parameters are substituted).</summary>
    public static AppSetGenerator? ReadGenerator(FieldCursor g)
    {
        var kinds = g.Node.Select(p => p.Key).Where(k => k != "selector").ToList();
        var selector = g.Object("selector") is { } s ? ReadSelector(s) : null;
        var known = kinds.Where(k => SupportedKinds.Contains(k) || UnsupportedKinds.Contains(k)).ToList();
        if (known.Count == 0)
        {
            g.Error("", $"names no generator (one of {string.Join(", ", SupportedKinds.Concat(UnsupportedKinds))})");
            g.Finish();
            return null;
        }
        if (known.Count > 1)
        {
            g.Error("", $"declares {string.Join(" and ", known)}; a generator entry holds exactly one generator");
            g.Finish();
            return null;
        }
        var kind = known[0];
        var raw = (JsonObject)g.Node.DeepClone();
        var body = g.Object(kind);
        g.Finish();
        if (body is null) return null;
        var template = body.RawObject("template");
        if (template is not null) CheckTemplate(body, "template", template);
        AppSetGenerator? result = kind switch
        {
            "list" => ReadList(body, g.Path, raw, template, selector),
            "clusters" => ReadClusters(body, g.Path, raw, template, selector),
            "git" => ReadGit(body, g.Path, raw, template, selector),
            "matrix" => ReadMatrix(body, g.Path, raw, template, selector),
            "merge" => ReadMerge(body, g.Path, raw, template, selector),
            _ => new UnsupportedGenerator(g.Path, raw, template, selector, kind),
        };
        if (result is UnsupportedGenerator)
        {
            // The body is kept as declared; its fields are not Hawser's to judge.
            foreach (var (key, _) in body.Node) body.Skip(key);
            g.Warn(kind, "generator not supported by Hawser; the set reports it as a condition and generates nothing from it");
        }
        body.Finish();
        return result;
    }

    public static LabelSelector ReadSelector(FieldCursor s)
    {
        var labels = s.StringMap("matchLabels");
        var expressions = ReadRequirements(s, "matchExpressions");
        s.Finish();
        return new LabelSelector(labels, expressions);
    }

    private static List<LabelRequirement> ReadRequirements(FieldCursor parent, string key)
    {
        var result = new List<LabelRequirement>();
        foreach (var e in parent.ObjectList(key))
        {
            var requirement = new LabelRequirement(e.NonEmptyString("key", required: true) ?? "", e.String("operator", required: true) ?? "", e.StringList("values"));
            if (e.Has("operator") && !LabelRequirement.Operators.Contains(requirement.Operator))
                e.Error("operator", $"\"{requirement.Operator}\" is not a label selector operator ({string.Join(", ", LabelRequirement.Operators)})");
            if (requirement.Operator is "In" or "NotIn" && requirement.Values.Count == 0) e.Error("values", $"must not be empty for operator {requirement.Operator}");
            if (requirement.Operator is "Exists" or "DoesNotExist" && requirement.Values.Count > 0) e.Error("values", $"must be empty for operator {requirement.Operator}");
            e.Finish();
            result.Add(requirement);
        }
        return result;
    }

    private static ListGenerator ReadList(FieldCursor l, string path, JsonObject raw, JsonObject? template, LabelSelector? selector)
    {
        var elements = new List<JsonObject>();
        if (l.Node["elements"] is JsonArray array)
        {
            l.Skip("elements");
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonObject element) elements.Add((JsonObject)element.DeepClone());
                else l.Error($"elements[{i}]", "expected an object (a map of parameters)");
            }
        }
        else if (l.Has("elements"))
        {
            l.ObjectList("elements");
        }
        var yaml = l.NonEmptyString("elementsYaml");
        if (!l.Has("elements") && yaml is null) l.Error("elements", "one of elements or elementsYaml is required");
        return new ListGenerator(path, raw, template, selector, elements, yaml);
    }

    private static ClusterGenerator ReadClusters(FieldCursor c, string path, JsonObject raw, JsonObject? template, LabelSelector? selector)
    {
        var clusterSelector = c.Object("selector") is { } s ? ReadSelector(s) : null;
        var values = c.StringMap("values");
        c.Unsupported("flatList", "each cluster is its own parameter set");
        return new ClusterGenerator(path, raw, template, selector, clusterSelector, values);
    }

    private static GitGenerator ReadGit(FieldCursor g, string path, JsonObject raw, JsonObject? template, LabelSelector? selector)
    {
        var repo = g.NonEmptyString("repoURL", required: true) ?? "";
        var revision = g.NonEmptyString("revision") ?? "HEAD";
        var directories = ReadPatterns(g, "directories");
        var files = ReadPatterns(g, "files");
        if (directories.Count == 0 && files.Count == 0) g.Error("", "one of directories or files is required");
        if (directories.Count > 0 && files.Count > 0) g.Error("", "directories and files cannot both be set");
        if ((directories.Count > 0 && directories.All(d => d.Exclude)) || (files.Count > 0 && files.All(f => f.Exclude)))
            g.Error(directories.Count > 0 ? "directories" : "files", "every entry excludes; at least one must include");
        var values = g.StringMap("values");
        var prefix = g.NonEmptyString("pathParamPrefix");
        g.Unsupported("requeueAfterSeconds", "the controller's refresh interval applies");
        return new GitGenerator(path, raw, template, selector, repo, revision, directories, files, values, prefix);
    }

    private static List<GitPathPattern> ReadPatterns(FieldCursor g, string key)
    {
        var result = new List<GitPathPattern>();
        foreach (var d in g.ObjectList(key))
        {
            var pattern = d.NonEmptyString("path", required: true);
            var exclude = d.Bool("exclude");
            d.Finish();
            if (pattern is null) continue;
            try
            {
                Glob.Parse(pattern, GlobOptions.GitGeneratorPath);
                result.Add(new GitPathPattern(pattern, exclude));
            }
            catch (FormatException e)
            {
                d.Error("path", e.Message);
            }
        }
        return result;
    }

    private static MatrixGenerator ReadMatrix(FieldCursor m, string path, JsonObject raw, JsonObject? template, LabelSelector? selector)
    {
        var children = m.ObjectList("generators");
        if (children.Count != 2) m.Error("generators", $"a matrix generator combines exactly 2 generators, found {children.Count}");
        return new MatrixGenerator(path, raw, template, selector, children.Select(ReadGenerator).Where(c => c is not null).Select(c => c!).ToList());
    }

    private static MergeGenerator ReadMerge(FieldCursor m, string path, JsonObject raw, JsonObject? template, LabelSelector? selector)
    {
        var children = m.ObjectList("generators");
        if (children.Count < 2) m.Error("generators", $"a merge generator needs at least 2 generators, found {children.Count}");
        var keys = m.StringList("mergeKeys");
        if (keys.Count == 0) m.Error("mergeKeys", "is required (the parameters whose values pair up parameter sets)");
        return new MergeGenerator(path, raw, template, selector, children.Select(ReadGenerator).Where(c => c is not null).Select(c => c!).ToList(), keys);
    }

    private static void CheckTemplate(FieldCursor parent, string key, JsonObject template)
    {
        foreach (var (field, value) in template)
        {
            if (field is "metadata" or "spec")
            {
                if (value is not JsonObject) parent.Error($"{key}.{field}", "expected an object");
            }
            else
            {
                parent.Warn($"{key}.{field}", "unknown field, ignored");
            }
        }
    }

    private static AppSetSyncPolicy ReadSyncPolicy(FieldCursor spec)
    {
        var p = spec.Object("syncPolicy");
        if (p is null) return AppSetSyncPolicy.Default;
        var text = p.NonEmptyString("applicationsSync");
        var policy = text switch
        {
            null or "sync" => ApplicationsSyncPolicy.Sync,
            "create-only" => ApplicationsSyncPolicy.CreateOnly,
            "create-update" => ApplicationsSyncPolicy.CreateUpdate,
            "create-delete" => ApplicationsSyncPolicy.CreateDelete,
            _ => Invalid(p, text),
        };
        var preserve = p.Bool("preserveResourcesOnDeletion");
        p.Finish();
        return new AppSetSyncPolicy(policy, preserve);

        static ApplicationsSyncPolicy Invalid(FieldCursor p, string text)
        {
            p.Error("applicationsSync", $"\"{text}\" is not a policy (create-only, create-update, create-delete or sync)");
            return ApplicationsSyncPolicy.Sync;
        }
    }

    private static RollingSyncStrategy? ReadStrategy(FieldCursor spec)
    {
        var s = spec.Object("strategy");
        if (s is null) return null;
        var type = s.NonEmptyString("type") ?? "AllAtOnce";
        s.Unsupported("deletionOrder", "generated apps are deleted all at once");
        RollingSyncStrategy? result = null;
        switch (type)
        {
            case "AllAtOnce":
                s.Skip("rollingSync");
                break;
            case "RollingSync":
                var r = s.Object("rollingSync");
                if (r is null)
                {
                    s.Error("rollingSync", "is required for type RollingSync");
                    break;
                }
                var steps = new List<RollingSyncStep>();
                foreach (var step in r.ObjectList("steps"))
                {
                    var expressions = ReadRequirements(step, "matchExpressions");
                    var maxUpdate = ReadMaxUpdate(step);
                    step.Finish();
                    steps.Add(new RollingSyncStep(expressions, maxUpdate));
                }
                if (steps.Count == 0) r.Error("steps", "must list at least one step");
                r.Finish();
                result = new RollingSyncStrategy(steps);
                break;
            default:
                s.Error("type", $"\"{type}\" is not a strategy (AllAtOnce or RollingSync)");
                break;
        }
        s.Finish();
        return result;
    }

    private static MaxUpdate? ReadMaxUpdate(FieldCursor step)
    {
        var text = step.String("maxUpdate");
        if (text is null) return null;
        var percent = text.EndsWith('%');
        var number = percent ? text[..^1] : text;
        if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && (!percent || value <= 100)) return new MaxUpdate(value, percent);
        step.Error("maxUpdate", $"\"{text}\" is not a count or a percentage (e.g. 2 or 25%)");
        return null;
    }
}
