using System.Text.Json.Nodes;

namespace Hawser.Apps;

/// <summary>
/// An <see cref="ApplicationSource"/> as Argo CD's JSON (<c>spec.source</c>), and back: what a parameter override file is
/// merged onto. Fields at their default are left out, as Argo CD's <c>omitempty</c> does, so reading the JSON back gives
/// the same source.
/// </summary>
internal static class ApplicationSourceJson
{
    /// <summary>The source as <c>spec.source</c> JSON.</summary>
    public static JsonObject Write(ApplicationSource source)
    {
        var json = new JsonObject { ["repoURL"] = source.RepoUrl, ["targetRevision"] = source.TargetRevision };
        Put(json, "path", source.Path);
        Put(json, "chart", source.Chart);
        Put(json, "ref", source.Ref);
        if (source.Helm is { } helm) json["helm"] = WriteHelm(helm);
        if (source.Kustomize is { } kustomize) json["kustomize"] = WriteKustomize(kustomize);
        if (source.Directory is { } directory) json["directory"] = WriteDirectory(directory);
        if (source.Plugin is { } plugin) json["plugin"] = WritePlugin(plugin);
        return json;
    }

    /// <summary>Reads <c>spec.source</c> JSON as <see cref="ApplicationReader"/> does; problems go to <paramref name="errors"/> and <paramref name="warnings"/>.</summary>
    public static ApplicationSource? Read(
        JsonObject json, IReadOnlyList<string> annotationBuildOptions, bool multiSource, string obj, string path, List<AppDiagnostic> errors, List<AppDiagnostic> warnings)
    {
        var sink = new DiagnosticSink(errors, warnings, null, obj);
        return SourceReader.Read(new FieldCursor(json, path, sink), annotationBuildOptions, multiSource);
    }

    private static JsonObject WriteHelm(HelmSource helm)
    {
        var json = new JsonObject();
        Put(json, "releaseName", helm.ReleaseName);
        Put(json, "valueFiles", helm.ValueFiles);
        Put(json, "values", helm.Values);
        if (helm.ValuesObject is { } values) json["valuesObject"] = values.DeepClone();
        if (helm.Parameters.Count > 0)
        {
            json["parameters"] = new JsonArray(helm.Parameters.Select(p =>
            {
                var parameter = new JsonObject { ["name"] = p.Name, ["value"] = p.Value };
                if (p.ForceString) parameter["forceString"] = true;
                return (JsonNode?)parameter;
            }).ToArray());
        }
        if (helm.FileParameters.Count > 0)
        {
            json["fileParameters"] = new JsonArray(helm.FileParameters.Select(p => (JsonNode?)new JsonObject { ["name"] = p.Name, ["path"] = p.Path }).ToArray());
        }
        Put(json, "skipCrds", helm.SkipCrds);
        Put(json, "ignoreMissingValueFiles", helm.IgnoreMissingValueFiles);
        Put(json, "kubeVersion", helm.KubeVersion);
        Put(json, "apiVersions", helm.ApiVersions);
        Put(json, "passCredentials", helm.PassCredentials);
        Put(json, "version", helm.Version);
        Put(json, "namespace", helm.Namespace);
        return json;
    }

    private static JsonObject WriteKustomize(KustomizeSource kustomize)
    {
        var json = new JsonObject();
        if (kustomize.BuildOptions.Count > 0) json["buildOptions"] = string.Join(' ', kustomize.BuildOptions.Select(Quote));
        Put(json, "images", kustomize.Images);
        Put(json, "namePrefix", kustomize.NamePrefix);
        Put(json, "nameSuffix", kustomize.NameSuffix);
        Put(json, "commonLabels", kustomize.CommonLabels);
        Put(json, "commonAnnotations", kustomize.CommonAnnotations);
        Put(json, "namespace", kustomize.Namespace);
        if (kustomize.Replicas.Count > 0)
        {
            json["replicas"] = new JsonArray(kustomize.Replicas.Select(r => (JsonNode?)new JsonObject { ["name"] = r.Name, ["count"] = r.Count }).ToArray());
        }
        if (kustomize.Patches.Count > 0) json["patches"] = new JsonArray(kustomize.Patches.Select(p => (JsonNode?)WritePatch(p)).ToArray());
        Put(json, "components", kustomize.Components);
        Put(json, "version", kustomize.Version);
        Put(json, "forceCommonLabels", kustomize.ForceCommonLabels);
        Put(json, "forceCommonAnnotations", kustomize.ForceCommonAnnotations);
        Put(json, "labelWithoutSelector", kustomize.LabelWithoutSelector);
        Put(json, "labelIncludeTemplates", kustomize.LabelIncludeTemplates);
        return json;
    }

    private static JsonObject WritePatch(KustomizePatch patch)
    {
        var json = new JsonObject();
        Put(json, "path", patch.Path);
        Put(json, "patch", patch.Patch);
        if (patch.Target is { } t)
        {
            var target = new JsonObject();
            Put(target, "group", t.Group);
            Put(target, "version", t.Version);
            Put(target, "kind", t.Kind);
            Put(target, "name", t.Name);
            Put(target, "namespace", t.Namespace);
            Put(target, "labelSelector", t.LabelSelector);
            Put(target, "annotationSelector", t.AnnotationSelector);
            json["target"] = target;
        }
        if (patch.Options.Count > 0) json["options"] = new JsonObject(patch.Options.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value)));
        return json;
    }

    private static JsonObject WriteDirectory(DirectorySource directory)
    {
        var json = new JsonObject();
        Put(json, "recurse", directory.Recurse);
        Put(json, "include", directory.Include);
        Put(json, "exclude", directory.Exclude);
        if (directory.Jsonnet is { } jsonnet)
        {
            var j = new JsonObject();
            if (jsonnet.ExtVars.Count > 0) j["extVars"] = Variables(jsonnet.ExtVars);
            if (jsonnet.Tlas.Count > 0) j["tlas"] = Variables(jsonnet.Tlas);
            Put(j, "libs", jsonnet.Libs);
            json["jsonnet"] = j;
        }
        return json;
    }

    private static JsonArray Variables(IReadOnlyList<JsonnetVariable> variables) => new(variables.Select(v =>
    {
        var json = new JsonObject { ["name"] = v.Name, ["value"] = v.Value };
        if (v.Code) json["code"] = true;
        return (JsonNode?)json;
    }).ToArray());

    private static JsonObject WritePlugin(PluginSource plugin)
    {
        var json = new JsonObject();
        Put(json, "name", plugin.Name);
        if (plugin.Env.Count > 0) json["env"] = new JsonArray(plugin.Env.Select(e => (JsonNode?)new JsonObject { ["name"] = e.Name, ["value"] = e.Value }).ToArray());
        if (plugin.Parameters.Count > 0)
        {
            json["parameters"] = new JsonArray(plugin.Parameters.Select(p =>
            {
                var parameter = new JsonObject { ["name"] = p.Name };
                Put(parameter, "string", p.String);
                if (p.Map is not null) parameter["map"] = new JsonObject(p.Map.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value)));
                if (p.Array is not null) parameter["array"] = new JsonArray(p.Array.Select(a => (JsonNode?)a).ToArray());
                return (JsonNode?)parameter;
            }).ToArray());
        }
        return json;
    }

    private static void Put(JsonObject json, string key, string? value)
    {
        if (value is not null) json[key] = value;
    }

    private static void Put(JsonObject json, string key, bool value)
    {
        if (value) json[key] = true;
    }

    private static void Put(JsonObject json, string key, IReadOnlyList<string> values)
    {
        if (values.Count > 0) json[key] = new JsonArray(values.Select(v => (JsonNode?)v).ToArray());
    }

    private static void Put(JsonObject json, string key, IReadOnlyDictionary<string, string> values)
    {
        if (values.Count > 0) json[key] = new JsonObject(values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value)));
    }

    // Back into kustomize.buildOptions text: KustomizeBuildOptions splits on whitespace and honours quotes.
    private static string Quote(string word) =>
        word.Length > 0 && !word.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? word : word.Contains('"', StringComparison.Ordinal) ? $"'{word}'" : $"\"{word}\"";
}
