using YamlDotNet.Core;

namespace Hawser.Images;

/// <summary>
/// An image in a kustomization's <c>images:</c> list (<c>name</c>, <c>newName</c>, <c>newTag</c>, <c>digest</c>), as
/// <c>kustomize edit set image</c> writes it: the entry whose <c>name</c> or <c>newName</c> is the image gets the new
/// tag or digest; a missing entry (or list) is added.
/// </summary>
internal static class KustomizationDeclaration
{
    /// <summary>The file names kustomize looks for, in its order.</summary>
    public static readonly string[] FileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    public static EditResult Edit(YamlTextEditor editor, YamlSpan? root, ImageReference image, ImageVersion version, string file)
    {
        if (root is not YamlMappingSpan kustomization) throw new ImageException($"{file}: expected a mapping at the top");
        var fields = new List<(string, string)> { ("name", Plain(image.Name)) };
        if (version.Tag is not null) fields.Add(("newTag", Plain(version.Tag)));
        if (version.Digest is not null) fields.Add(("digest", Plain(version.Digest)));

        switch (kustomization["images"])
        {
            case null:
                editor.AppendSequenceKey("images", fields);
                return Added(file, image, version);
            case YamlSequenceSpan images:
                foreach (var item in images.Items.OfType<YamlMappingSpan>())
                {
                    if (!Names(item, image)) continue;
                    var result = new EditResult { Declared = true };
                    var changes = result.Changes;
                    var name = ((YamlScalarSpan)item["name"]!).Value;
                    if (version.Tag is not null) Set(editor, item, "newTag", version.Tag, name, file, changes);
                    if (version.Digest is not null) Set(editor, item, "digest", version.Digest, name, file, changes);
                    else if (item["digest"] is not null)
                    {
                        // kustomize prefers a digest to a tag: the old pin must go for the new tag to apply.
                        editor.RemoveEntry(item, "digest");
                        changes.Add($"{file}: images[{name}].digest removed");
                    }
                    return result;
                }
                editor.AddMappingItem(images, fields);
                return Added(file, image, version);
            default:
                throw new ImageException($"{file}: images must be a list");
        }
    }

    private static EditResult Added(string file, ImageReference image, ImageVersion version)
    {
        var result = new EditResult { Declared = true };
        result.Changes.Add($"{file}: images entry added for {image.Name}{version.Suffix}");
        return result;
    }

    private static bool Names(YamlMappingSpan item, ImageReference image) =>
        new[] { "name", "newName" }.Any(k => item[k] is YamlScalarSpan s && ImageReference.TryParse(s.Value) is { } r && r.SameImage(image));

    private static void Set(YamlTextEditor editor, YamlMappingSpan item, string key, string value, string name, string file, List<string> changes)
    {
        if (item[key] is YamlScalarSpan current)
        {
            if (current.Value == value) return;
            editor.ReplaceScalar(current, value);
            changes.Add($"{file}: images[{name}].{key} {current.Value} → {value}");
        }
        else
        {
            editor.AddEntry(item, key, value);
            changes.Add($"{file}: images[{name}].{key} added: {value}");
        }
    }

    private static string Plain(string value) => YamlTextEditor.Format(value, ScalarStyle.Plain);
}
