namespace Hawser.Images;

/// <summary>A container image in a plain manifest: every <c>image:</c> value naming the image gets the new version, the name kept as written.</summary>
internal static class ManifestDeclaration
{
    public static EditResult Edit(YamlTextEditor editor, IReadOnlyList<YamlSpan?> documents, ImageReference image, ImageVersion version, string file)
    {
        var result = new EditResult();
        var changes = result.Changes;
        foreach (var root in documents)
        {
            foreach (var (path, mapping) in YamlText.Mappings(root))
            {
                if (mapping["image"] is not YamlScalarSpan scalar || ImageReference.TryParse(scalar.Value) is not { } declared || !declared.SameImage(image)) continue;
                result.Declared = true;
                var updated = declared.Name + version.Suffix;
                if (updated == scalar.Value) continue;
                editor.ReplaceScalar(scalar, updated);
                changes.Add($"{file}: {path}.image {scalar.Value} → {updated}");
            }
        }
        return result;
    }
}
