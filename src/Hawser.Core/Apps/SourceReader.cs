using System.Text.RegularExpressions;

namespace Hawser.Apps;

/// <summary>Reads one Application source (spec.source or spec.sources[i]) with its helm, kustomize and directory blocks.</summary>
internal static partial class SourceReader
{
    public static ApplicationSource? Read(FieldCursor s, IReadOnlyList<string> annotationBuildOptions, bool multiSource)
    {
        var repoUrl = s.NonEmptyString("repoURL", required: true);
        var path = s.NonEmptyString("path");
        var chart = s.NonEmptyString("chart");
        var revision = s.NonEmptyString("targetRevision") ?? "HEAD";
        var reference = s.NonEmptyString("ref");
        foreach (var (field, value) in new[] { ("repoURL", repoUrl), ("path", path), ("chart", chart), ("targetRevision", revision) })
        {
            if (value is not null && value.Any(char.IsControl)) s.Error(field, "must not contain control characters (NUL, newline, tab...)");
        }
        if (reference is not null && !multiSource) s.Error("ref", "is only allowed in spec.sources");
        if (reference is not null && !RefName().IsMatch(reference)) s.Error("ref", $"\"{reference}\" must be letters, digits, '-' or '_'");
        if (path is not null && chart is not null) s.Error("chart", "path and chart cannot both be set");
        if (path is null && chart is null && reference is null) s.Error("path", "one of path or chart is required");
        if (path is not null && (path.StartsWith('/') || path.Split('/', '\\').Contains("..")))
            s.Error("path", $"\"{path}\" must be a relative path inside the repository (no leading '/', no '..')");

        var helm = s.Object("helm") is { } h ? ReadHelm(h) : null;
        var kustomize = s.Object("kustomize") is { } k ? ReadKustomize(k) : null;
        var directory = s.Object("directory") is { } d ? ReadDirectory(d) : null;
        var plugin = s.Object("plugin") is { } pl ? ReadPlugin(pl) : null;
        var types = new[] { helm is not null, kustomize is not null, directory is not null, plugin is not null }.Count(b => b);
        if (types > 1) s.Error("", "multiple source types (helm, kustomize, directory, plugin) are set; choose one");
        if (chart is not null && (kustomize is not null || directory is not null || plugin is not null)) s.Error("chart", "a chart source can only have helm options");
        s.Skip("name");
        s.Finish();

        var buildOptions = kustomize is { BuildOptions.Count: > 0 } ? kustomize.BuildOptions : annotationBuildOptions;
        return repoUrl is null ? null : new ApplicationSource(repoUrl, path, revision, chart, reference, helm, kustomize, directory, plugin)
        {
            KustomizeBuildOptions = buildOptions,
        };
    }

    private static HelmSource ReadHelm(FieldCursor h)
    {
        var parameters = h.ObjectList("parameters").Select(p =>
        {
            var name = p.NonEmptyString("name", required: true) ?? "";
            var result = new HelmParameter(name, p.String("value") ?? "", p.Bool("forceString"));
            p.Finish();
            return result;
        }).ToList();
        var fileParameters = h.ObjectList("fileParameters").Select(p =>
        {
            var result = new HelmFileParameter(p.NonEmptyString("name", required: true) ?? "", p.NonEmptyString("path", required: true) ?? "");
            p.Finish();
            return result;
        }).ToList();
        var version = h.NonEmptyString("version");
        if (version is not null && version != "v3") h.Warn("version", $"Helm {version} is not supported; Hawser always uses Helm 3");
        var passCredentials = h.Bool("passCredentials");
        if (passCredentials) h.Warn("passCredentials", "not supported by Hawser yet, ignored (credentials are only sent to the chart's own repository)");
        var result = new HelmSource(
            h.NonEmptyString("releaseName"),
            h.StringList("valueFiles"),
            h.NonEmptyString("values"),
            h.RawObject("valuesObject"),
            parameters,
            fileParameters,
            h.Bool("skipCrds"),
            h.Bool("ignoreMissingValueFiles"),
            h.NonEmptyString("kubeVersion"),
            h.StringList("apiVersions"),
            passCredentials,
            version,
            h.NonEmptyString("namespace"));
        h.Unsupported("skipSchemaValidation", "Helm validates values against values.schema.json");
        h.Unsupported("skipTests", "test hooks are rendered as Helm renders them");
        h.Finish();
        return result;
    }

    private static KustomizeSource ReadKustomize(FieldCursor k)
    {
        IReadOnlyList<string> buildOptions = [];
        var optionText = k.NonEmptyString("buildOptions");
        if (optionText is not null)
        {
            try { buildOptions = KustomizeBuildOptions.Parse(optionText); }
            catch (FormatException e) { k.Error("buildOptions", e.Message); }
        }
        var replicas = k.ObjectList("replicas").Select(r =>
        {
            var name = r.NonEmptyString("name", required: true) ?? "";
            var count = r.Integer("count");
            if (count is null) r.Error("count", "is required");
            else if (count is < 0 or > int.MaxValue) r.Error("count", "must be zero or more");
            r.Finish();
            return new KustomizeReplica(name, count is >= 0 and <= int.MaxValue ? (int)count : 0);
        }).ToList();
        var patches = k.ObjectList("patches").Select(ReadPatch).ToList();
        var result = new KustomizeSource(
            buildOptions,
            k.StringList("images"),
            k.NonEmptyString("namePrefix"),
            k.NonEmptyString("nameSuffix"),
            k.StringMap("commonLabels"),
            k.StringMap("commonAnnotations"),
            k.NonEmptyString("namespace"),
            replicas,
            patches,
            k.StringList("components"),
            k.NonEmptyString("version"),
            k.Bool("forceCommonLabels"),
            k.Bool("forceCommonAnnotations"),
            k.Bool("labelWithoutSelector"),
            k.Bool("labelIncludeTemplates"));
        if (result.Version is not null) k.Warn("version", "named kustomize versions are not supported; Hawser uses the kustomize on PATH or kubectl kustomize");
        foreach (var field in new[] { "commonAnnotationsEnvsubst", "ignoreMissingComponents", "kubeVersion", "apiVersions" })
            k.Unsupported(field, "not implemented");
        k.Finish();
        return result;
    }

    private static KustomizePatch ReadPatch(FieldCursor p)
    {
        var path = p.NonEmptyString("path");
        var patch = p.NonEmptyString("patch");
        if (path is null && patch is null) p.Error("patch", "one of patch or path is required");
        if (path is not null && (path.StartsWith('/') || path.Split('/', '\\').Contains("..")))
            p.Error("path", $"\"{path}\" must be a relative path inside the app directory");
        KustomizePatchTarget? target = null;
        if (p.Object("target") is { } t)
        {
            target = new KustomizePatchTarget(t.NonEmptyString("group"), t.NonEmptyString("version"), t.NonEmptyString("kind"), t.NonEmptyString("name"),
                t.NonEmptyString("namespace"), t.NonEmptyString("labelSelector"), t.NonEmptyString("annotationSelector"));
            t.Finish();
        }
        var options = new SortedDictionary<string, bool>(StringComparer.Ordinal);
        if (p.Object("options") is { } o)
        {
            foreach (var key in new[] { "allowNameChange", "allowKindChange" })
            {
                if (o.Has(key)) options[key] = o.Bool(key);
            }
            o.Finish();
        }
        p.Finish();
        return new KustomizePatch(path, patch, target, options);
    }

    private static DirectorySource ReadDirectory(FieldCursor d)
    {
        var result = new DirectorySource(d.Bool("recurse"), Glob(d, "include"), Glob(d, "exclude"), d.Object("jsonnet") is { } j ? ReadJsonnet(j) : null);
        d.Finish();
        return result;
    }

    // A directory include/exclude glob, refused here (naming the app and the field) when it does not compile.
    private static string? Glob(FieldCursor d, string key)
    {
        var pattern = d.NonEmptyString(key);
        if (pattern is null) return null;
        try
        {
            Globs.Glob.Parse(pattern, Globs.GlobOptions.DirectoryFilter);
        }
        catch (FormatException e)
        {
            d.Error(key, e.Message);
        }
        return pattern;
    }

    private static JsonnetSource ReadJsonnet(FieldCursor j)
    {
        var result = new JsonnetSource(j.ObjectList("extVars").Select(ReadJsonnetVariable).ToList(), j.ObjectList("tlas").Select(ReadJsonnetVariable).ToList(), j.StringList("libs"));
        foreach (var (lib, i) in result.Libs.Select((l, i) => (l, i)))
        {
            if (lib.StartsWith('/') || lib.Split('/', '\\').Contains("..")) j.Error($"libs[{i}]", $"\"{lib}\" must be a relative path inside the repository");
        }
        j.Finish();
        return result;
    }

    private static JsonnetVariable ReadJsonnetVariable(FieldCursor v)
    {
        var result = new JsonnetVariable(v.NonEmptyString("name", required: true) ?? "", v.String("value") ?? "", v.Bool("code"));
        v.Finish();
        return result;
    }

    private static PluginSource ReadPlugin(FieldCursor p)
    {
        var env = p.ObjectList("env").Select(e =>
        {
            var entry = new PluginEnvEntry(e.NonEmptyString("name", required: true) ?? "", e.String("value") ?? "");
            e.Finish();
            return entry;
        }).ToList();
        var parameters = p.ObjectList("parameters").Select(a =>
        {
            var name = a.NonEmptyString("name", required: true) ?? "";
            var parameter = new PluginParameter(name, a.String("string"), a.Has("map") ? a.StringMap("map") : null, a.Has("array") ? a.StringList("array") : null);
            a.Finish();
            return parameter;
        }).ToList();
        var result = new PluginSource(p.NonEmptyString("name"), env, parameters);
        p.Finish();
        return result;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex RefName();
}
