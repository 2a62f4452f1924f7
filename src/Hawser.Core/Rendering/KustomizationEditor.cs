using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.Manifests;

namespace Hawser.Rendering;

/// <summary>
/// Applies an Application's <c>kustomize</c> fields to a kustomization file the way Argo CD's <c>kustomize edit</c> calls do:
/// <c>set image</c> (replacing an entry of the same name), <c>set nameprefix</c>/<c>namesuffix</c>, <c>add label</c> (with
/// <c>--force</c> or <c>--without-selector</c> as the Application asks), <c>add annotation</c>, <c>set namespace</c>, <c>set replicas</c>, <c>add component</c>, and appending <c>patches</c>.
/// Only ever called on a private copy of the repository.
/// </summary>
internal static class KustomizationEditor
{
    public static void Apply(string appDirectory, KustomizeSource options)
    {
        var file = RendererChoice.KustomizationFiles.Select(f => Path.Combine(appDirectory, f)).FirstOrDefault(File.Exists)
            ?? throw new RenderException($"no kustomization.yaml in {appDirectory}");
        JsonObject doc;
        try
        {
            doc = YamlDocuments.Parse(UntrustedText.Decode(File.ReadAllBytes(file), Path.GetFileName(file), ParseLimits.Default), Path.GetFileName(file)).Select(d => d.Root).OfType<JsonObject>().FirstOrDefault() ?? [];
        }
        catch (ManifestException e)
        {
            throw new RenderException(e.Message, e);
        }

        foreach (var image in options.Images) SetImage(doc, KustomizeImage.Parse(image));
        if (options.NamePrefix is not null) doc["namePrefix"] = options.NamePrefix;
        if (options.NameSuffix is not null) doc["nameSuffix"] = options.NameSuffix;
        if (options.LabelWithoutSelector) AddLabelsWithoutSelector(doc, options);
        else AddToMap(doc, "commonLabels", options.CommonLabels, options.ForceCommonLabels, "label", "forceCommonLabels");
        AddToMap(doc, "commonAnnotations", options.CommonAnnotations, options.ForceCommonAnnotations, "annotation", "forceCommonAnnotations");
        if (options.Namespace is not null) doc["namespace"] = options.Namespace;
        foreach (var replica in options.Replicas) SetReplicas(doc, replica);
        foreach (var component in options.Components)
        {
            var list = List(doc, "components");
            if (!list.Any(n => n?.GetValue<string>() == component)) list.Add((JsonNode)component);
        }
        foreach (var patch in options.Patches) List(doc, "patches").Add((JsonNode)PatchNode(patch));

        File.Delete(file);
        File.WriteAllText(Path.Combine(appDirectory, "kustomization.yaml"), ManifestWriter.ToYaml(doc));
    }

    /// <summary><c>kustomize edit add label|annotation [--force]</c>: without force, a key the kustomization already sets is an error.</summary>
    private static void AddToMap(JsonObject doc, string field, IReadOnlyDictionary<string, string> values, bool force, string what, string forceField)
    {
        if (values.Count == 0) return;
        var map = Map(doc, field);
        foreach (var (k, v) in values)
        {
            if (!force && map.ContainsKey(k))
                throw new RenderException($"kustomize edit add {what}: {what} {k} already in kustomization file (set {forceField} to replace it)");
            map[k] = v;
        }
    }

    /// <summary><c>kustomize edit add label --without-selector [--include-templates]</c>: one <c>labels</c> entry that leaves selectors alone.</summary>
    private static void AddLabelsWithoutSelector(JsonObject doc, KustomizeSource options)
    {
        if (options.CommonLabels.Count == 0) return;
        var pairs = new JsonObject();
        foreach (var (k, v) in options.CommonLabels) pairs[k] = v;
        var entry = new JsonObject { ["pairs"] = pairs };
        if (options.LabelIncludeTemplates) entry["includeTemplates"] = true;
        List(doc, "labels").Add((JsonNode)entry);
    }

    private static void SetImage(JsonObject doc, KustomizeImage image)
    {
        var images = List(doc, "images");
        var existing = images.OfType<JsonObject>().FirstOrDefault(i => i["name"]?.GetValue<string>() == image.Name);
        if (existing is null)
        {
            existing = new JsonObject { ["name"] = image.Name };
            images.Add((JsonNode)existing);
        }
        if (image.NewName is not null) existing["newName"] = image.NewName;
        if (image.NewTag is not null)
        {
            existing["newTag"] = image.NewTag;
            existing.Remove("digest");
        }
        if (image.Digest is not null)
        {
            existing["digest"] = image.Digest;
            existing.Remove("newTag");
        }
    }

    private static void SetReplicas(JsonObject doc, KustomizeReplica replica)
    {
        var list = List(doc, "replicas");
        var existing = list.OfType<JsonObject>().FirstOrDefault(r => r["name"]?.GetValue<string>() == replica.Name);
        if (existing is null) list.Add((JsonNode)new JsonObject { ["name"] = replica.Name, ["count"] = replica.Count });
        else existing["count"] = replica.Count;
    }

    private static JsonObject PatchNode(KustomizePatch patch)
    {
        var node = new JsonObject();
        if (patch.Path is not null) node["path"] = patch.Path;
        if (patch.Patch is not null) node["patch"] = patch.Patch;
        if (patch.Target is { } t)
        {
            var target = new JsonObject();
            void Add(string key, string? value)
            {
                if (value is not null) target[key] = value;
            }
            Add("group", t.Group);
            Add("version", t.Version);
            Add("kind", t.Kind);
            Add("name", t.Name);
            Add("namespace", t.Namespace);
            Add("labelSelector", t.LabelSelector);
            Add("annotationSelector", t.AnnotationSelector);
            node["target"] = target;
        }
        if (patch.Options.Count > 0)
        {
            var options = new JsonObject();
            foreach (var (k, v) in patch.Options) options[k] = v;
            node["options"] = options;
        }
        return node;
    }

    private static JsonObject Map(JsonObject doc, string key)
    {
        if (doc[key] is JsonObject map) return map;
        map = [];
        doc[key] = map;
        return map;
    }

    private static JsonArray List(JsonObject doc, string key)
    {
        if (doc[key] is JsonArray list) return list;
        list = [];
        doc[key] = list;
        return list;
    }
}

/// <summary>
/// An image override as <c>kustomize edit set image</c> reads it: <c>name=newName:tag</c>, <c>name=newName@digest</c>,
/// <c>name:tag</c>, <c>name@digest</c> or <c>name=newName</c>. A registry port (<c>host:5000/app</c>) is not mistaken for a tag.
/// </summary>
internal sealed record KustomizeImage(string Name, string? NewName, string? NewTag, string? Digest)
{
    public static KustomizeImage Parse(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        var name = eq < 0 ? null : text[..eq];
        var rest = eq < 0 ? text : text[(eq + 1)..];
        string? digest = null;
        string? tag = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            if (colon > rest.LastIndexOf('/'))
            {
                tag = rest[(colon + 1)..];
                rest = rest[..colon];
            }
        }
        if (rest.Length == 0) throw new RenderException($"kustomize image \"{text}\" has no image name");
        return name is null
            ? new KustomizeImage(rest, null, tag, digest)
            : new KustomizeImage(name, rest == name ? null : rest, tag, digest);
    }
}
