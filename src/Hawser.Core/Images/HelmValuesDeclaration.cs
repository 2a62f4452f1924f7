namespace Hawser.Images;

/// <summary>
/// An image declared in a Helm values file: a mapping with <c>repository</c> (or <c>name</c>/<c>image</c>, with an
/// optional <c>registry</c>) beside <c>tag</c> (and <c>digest</c>), the one-string form <c>image: name:tag</c>, or the
/// key the user names (<c>--helm-key image.tag</c>). Only the version fields change.
/// </summary>
internal static class HelmValuesDeclaration
{
    private static readonly string[] NameKeys = ["repository", "name", "image"];

    /// <summary>Edits the declarations of <paramref name="image"/>; returns what changed (empty when the file does not declare it).</summary>
    public static EditResult Edit(YamlTextEditor editor, YamlSpan? root, ImageReference image, ImageVersion version, string? helmKey, string file)
    {
        var result = new EditResult();
        var changes = result.Changes;
        if (helmKey is not null) return EditKey(editor, root, image, version, helmKey, file);
        foreach (var (path, mapping) in YamlText.Mappings(root))
        {
            foreach (var nameKey in NameKeys)
            {
                if (mapping[nameKey] is not YamlScalarSpan name || name.Value.Length == 0) continue;
                if (nameKey != "repository" && mapping["tag"] is null && mapping["digest"] is null) continue;
                var registry = (mapping["registry"] as YamlScalarSpan)?.Value;
                var written = registry is { Length: > 0 } ? $"{registry}/{name.Value}" : name.Value;
                if (ImageReference.TryParse(written) is not { Tag: null, Digest: null } declared || !declared.SameImage(image)) continue;
                result.Declared = true;
                changes.AddRange(SetVersionFields(editor, mapping, version, path, file));
                break;
            }
            foreach (var (key, value) in mapping.Entries)
            {
                if (!key.Value.EndsWith("image", StringComparison.OrdinalIgnoreCase) || value is not YamlScalarSpan scalar) continue;
                if (ImageReference.TryParse(scalar.Value) is not { } declared || (declared.Tag is null && declared.Digest is null) || !declared.SameImage(image)) continue;
                result.Declared = true;
                var updated = declared.Name + version.Suffix;
                if (updated == scalar.Value) continue;
                editor.ReplaceScalar(scalar, updated);
                changes.Add($"{file}: {Join(path, key.Value)} {scalar.Value} → {updated}");
            }
        }
        return result;
    }

    private static List<string> SetVersionFields(YamlTextEditor editor, YamlMappingSpan mapping, ImageVersion version, string path, string file)
    {
        var changes = new List<string>();
        var tag = mapping["tag"] as YamlScalarSpan;
        var digest = mapping["digest"] as YamlScalarSpan;
        if (version.Digest is not null && digest is not null)
        {
            editor.ReplaceScalar(digest, version.Digest);
            changes.Add($"{file}: {Join(path, "digest")} {digest.Value} → {version.Digest}");
            if (version.Tag is not null) SetField(editor, mapping, tag, version.Tag, Join(path, "tag"), file, changes);
            return changes;
        }
        var tagValue = version.TagValue(tag?.Value);
        SetField(editor, mapping, tag, tagValue, Join(path, "tag"), file, changes);
        if (digest is { Value.Length: > 0 })
        {
            // A pinned digest would win over the new tag in most charts' templates: clear it.
            editor.ReplaceScalar(digest, "");
            changes.Add($"{file}: {Join(path, "digest")} {digest.Value} → \"\"");
        }
        return changes;
    }

    private static void SetField(YamlTextEditor editor, YamlMappingSpan mapping, YamlScalarSpan? field, string value, string path, string file, List<string> changes)
    {
        if (field is null)
        {
            editor.AddEntry(mapping, path.Split('.')[^1], value);
            changes.Add($"{file}: {path} added: {value}");
        }
        else if (field.Value != value)
        {
            editor.ReplaceScalar(field, value);
            changes.Add($"{file}: {path} {field.Value} → {value}");
        }
    }

    private static EditResult EditKey(YamlTextEditor editor, YamlSpan? root, ImageReference image, ImageVersion version, string helmKey, string file)
    {
        YamlSpan? node = root;
        foreach (var segment in helmKey.Split('.'))
        {
            node = (node as YamlMappingSpan)?[segment];
        }
        if (node is not YamlScalarSpan scalar) throw new ImageException($"{file}: {helmKey} is not a value of the file (--helm-key names an existing scalar, e.g. image.tag)");
        var updated = ImageReference.TryParse(scalar.Value) is { } declared && (declared.Tag is not null || declared.Digest is not null) && declared.SameImage(image)
            ? declared.Name + version.Suffix
            : version.TagValue(scalar.Value.Length > 0 ? scalar.Value.Split('@')[0] : null);
        var result = new EditResult { Declared = true };
        if (scalar.Value == updated) return result;
        editor.ReplaceScalar(scalar, updated);
        result.Changes.Add($"{file}: {helmKey} {scalar.Value} → {updated}");
        return result;
    }

    /// <summary>Sets the value at a dotted key (Image Updater's <c>helmvalues</c> write-back), adding the last key when its parent mapping exists.</summary>
    public static List<string> SetKey(YamlTextEditor editor, YamlSpan? root, string key, string value, string file)
    {
        var segments = key.Split('.');
        YamlSpan? node = root;
        foreach (var segment in segments[..^1]) node = (node as YamlMappingSpan)?[segment];
        if (node is not YamlMappingSpan parent) throw new ImageException($"{file}: {string.Join('.', segments[..^1])} is not a mapping of the file, so {key} cannot be set");
        switch (parent[segments[^1]])
        {
            case YamlScalarSpan scalar when scalar.Value == value:
                return [];
            case YamlScalarSpan scalar:
                editor.ReplaceScalar(scalar, value);
                return [$"{file}: {key} {scalar.Value} → {value}"];
            case null:
                editor.AddEntry(parent, segments[^1], value);
                return [$"{file}: {key} added: {value}"];
            default:
                throw new ImageException($"{file}: {key} is not a scalar");
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
