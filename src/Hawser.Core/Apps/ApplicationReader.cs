using Hawser.AppSets;
using Hawser.Manifests;

namespace Hawser.Apps;

/// <summary>
/// Turns Argo CD objects (<c>argoproj.io</c> <c>Application</c>, <c>AppProject</c>, <c>ApplicationSet</c>) read by
/// <see cref="ManifestReader"/> into typed records. Every error of every object is reported at once, each naming the
/// file, the object and the field; every field Hawser does not act on yet is a warning naming it. Objects of other kinds
/// are left out of the result (see <see cref="IsArgoObject"/>).
/// </summary>
public static class ApplicationReader
{
    /// <summary>The Argo CD API group.</summary>
    public const string Group = "argoproj.io";

    /// <summary>The annotation carrying <c>kustomize build</c> options (Argo CD keeps them in server settings).</summary>
    public const string KustomizeBuildOptionsAnnotation = "hawser.io/kustomize-build-options";

    /// <summary>True for the kinds this reader handles.</summary>
    public static bool IsArgoObject(KubeObject obj) =>
        obj.Group == Group && obj.Kind is "Application" or "AppProject" or "ApplicationSet";

    /// <summary>Reads every Argo CD object of <paramref name="objects"/>, skipping other kinds.</summary>
    public static ApplicationReadResult Read(IEnumerable<KubeObject> objects)
    {
        var errors = new List<AppDiagnostic>();
        var warnings = new List<AppDiagnostic>();
        var apps = new List<Application>();
        var projects = new List<AppProject>();
        var sets = new List<ApplicationSet>();
        foreach (var obj in objects)
        {
            if (!IsArgoObject(obj)) continue;
            var label = $"{obj.Kind} \"{(obj.Name.Length > 0 ? obj.Name : obj.GenerateName)}\"";
            var sink = new DiagnosticSink(errors, warnings, obj.Source, label);
            var root = new FieldCursor(obj.Body, "", sink);
            if (obj.ApiVersion != "argoproj.io/v1alpha1")
                root.Error("apiVersion", $"expected argoproj.io/v1alpha1, found {obj.ApiVersion}");
            root.Skip("apiVersion", "kind", "status");
            var metadata = ReadMetadata(root);
            switch (obj.Kind)
            {
                case "Application":
                    var app = ReadApplication(root, metadata, sink, obj.Source);
                    if (sink.ErrorCount == 0 && app is not null) apps.Add(app);
                    break;
                case "AppProject":
                    var project = AppProjectReader.Read(root, metadata, obj.Source);
                    if (sink.ErrorCount == 0 && project is not null) projects.Add(project);
                    break;
                default:
                    var set = AppSets.ApplicationSetReader.Read(root, metadata, obj.Source);
                    if (sink.ErrorCount == 0 && set is not null) sets.Add(set);
                    break;
            }
        }
        return new ApplicationReadResult(apps, projects, sets, errors, warnings);
    }

    internal static ObjectMetadata ReadMetadata(FieldCursor root)
    {
        var m = root.Object("metadata", required: true);
        if (m is null) return new ObjectMetadata("", "", new Dictionary<string, string>(), new Dictionary<string, string>(), []);
        var name = m.String("name");
        if (string.IsNullOrEmpty(name)) m.Error("name", "is required (generateName is not supported for Argo CD objects)");
        else CheckName(m, "name", name, KubernetesNames.SubdomainError);
        var ns = m.String("namespace") ?? "";
        if (ns.Length > 0) CheckName(m, "namespace", ns, KubernetesNames.LabelError);
        var result = new ObjectMetadata(name ?? "", ns, m.StringMap("labels"), m.StringMap("annotations"), m.StringList("finalizers"));
        // Server-set and informational metadata: never acted on, never worth a warning.
        m.Skip("generateName", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
            "managedFields", "ownerReferences", "selfLink");
        m.Finish();
        return result;
    }

    private static Application? ReadApplication(FieldCursor root, ObjectMetadata metadata, DiagnosticSink sink, SourceLocation? location)
    {
        root.Unsupported("operation", "start syncs with 'hawser app sync'");
        var spec = root.Object("spec", required: true);
        root.Finish();
        if (spec is null) return null;

        var project = spec.NonEmptyString("project");
        if (project is null) spec.Error("project", "is required (use \"default\" for the default project)");
        else CheckName(spec, "project", project, KubernetesNames.SubdomainError);

        IReadOnlyList<string> buildOptions = [];
        if (metadata.Annotations.TryGetValue(KustomizeBuildOptionsAnnotation, out var optionText))
        {
            try { buildOptions = KustomizeBuildOptions.Parse(optionText); }
            catch (FormatException e) { sink.Error($"metadata.annotations[{KustomizeBuildOptionsAnnotation}]", e.Message); }
        }

        var sources = new List<ApplicationSource>();
        var multi = spec.Has("sources");
        if (multi)
        {
            if (spec.Has("source")) spec.Warn("source", "ignored because spec.sources is set (as Argo CD does)");
            spec.Skip("source");
            var list = spec.ObjectList("sources");
            if (list.Count == 0) spec.Error("sources", "must list at least one source");
            foreach (var s in list)
            {
                var source = SourceReader.Read(s, buildOptions, multiSource: true);
                if (source is not null) sources.Add(source);
            }
            if (sources.Count > 0 && sources.All(s => s.IsRefOnly))
                spec.Error("sources", "every source is a ref-only source; at least one must have a path or a chart");
            var refs = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in sources.Where(s => s.Ref is not null))
            {
                if (!refs.Add(s.Ref!)) spec.Error("sources", $"ref \"{s.Ref}\" is declared twice");
            }
        }
        else
        {
            var s = spec.Object("source");
            if (s is null) spec.Error("source", "one of spec.source or spec.sources is required");
            else
            {
                var source = SourceReader.Read(s, buildOptions, multiSource: false);
                if (source is not null) sources.Add(source);
            }
        }

        var destination = ReadDestination(spec);
        var syncPolicy = SyncPolicyReader.Read(spec);
        var ignore = spec.ObjectList("ignoreDifferences").Select(ReadIgnoreDifference).ToList();
        var limit = spec.Integer("revisionHistoryLimit");
        if (limit is < 0 or > int.MaxValue) spec.Error("revisionHistoryLimit", "must be zero or more");
        var info = spec.ObjectList("info").Select(i =>
        {
            var item = new InfoItem(i.String("name", required: true) ?? "", i.String("value") ?? "");
            i.Finish();
            return item;
        }).ToList();
        spec.Unsupported("sourceHydrator", "render from the dry source instead");
        spec.Finish();

        if (destination is null) return null;
        return new Application(
            metadata,
            new ApplicationSpec(project ?? "", sources, multi, destination, syncPolicy, ignore, limit is >= 0 and <= int.MaxValue ? (int)limit : null, info),
            location);
    }

    private static ApplicationDestination? ReadDestination(FieldCursor spec)
    {
        var d = spec.Object("destination", required: true);
        if (d is null) return null;
        var server = d.NonEmptyString("server");
        var name = d.NonEmptyString("name");
        var ns = d.String("namespace") ?? "";
        if (ns.Length > 0) CheckName(d, "namespace", ns, KubernetesNames.LabelError);
        d.Finish();
        if (server is null && name is null)
        {
            spec.Error("destination", "one of server or name is required");
            return null;
        }
        if (server is not null && name is not null)
        {
            spec.Error("destination", "server and name cannot both be set");
            return null;
        }
        return new ApplicationDestination(server, name, ns);
    }

    /// <summary>Reports a name that Kubernetes would refuse, in the API server's words.</summary>
    internal static void CheckName(FieldCursor c, string key, string value, Func<string, string?> rule)
    {
        if (rule(value) is { } why) c.Error(key, $"Invalid value: \"{value}\": {why}");
    }

    private static IgnoreDifference ReadIgnoreDifference(FieldCursor c)
    {
        var result = new IgnoreDifference(
            c.String("group") ?? "",
            c.NonEmptyString("kind", required: true) ?? "",
            c.NonEmptyString("name"),
            c.NonEmptyString("namespace"),
            c.StringList("jsonPointers"),
            c.StringList("jqPathExpressions"),
            c.StringList("managedFieldsManagers"));
        foreach (var pointer in result.JsonPointers)
        {
            if (pointer.Length > 0 && pointer[0] != '/') c.Error("jsonPointers", $"\"{pointer}\" is not a JSON pointer (it must start with '/')");
        }
        c.Finish();
        return result;
    }
}
