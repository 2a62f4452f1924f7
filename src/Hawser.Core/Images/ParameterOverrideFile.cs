using System.Text;
using Hawser.Apps;
using YamlDotNet.Core;

namespace Hawser.Images;

/// <summary>
/// Argo CD's parameter override file, <c>.argocd-source-APP.yaml</c> in the app's source directory, in the form Argo CD
/// Image Updater writes it: <c>helm.parameters</c> (name, value, <c>forcestring: true</c>) or <c>kustomize.images</c>
/// (<c>[old=]name[:tag][@digest]</c> strings). Existing files are edited in place (other parameters, comments and
/// order kept); a new file is written in Image Updater's layout, so a repo can move between the two tools.
/// </summary>
internal static class ParameterOverrideFile
{
    /// <summary>The file name for an app.</summary>
    public static string FileName(string app) => $".argocd-source-{app}.yaml";

    /// <summary>
    /// <c>hawser image set</c> on an existing file: a Helm parameter holding the image name gets its sibling tag
    /// parameter (<c>image.name</c> → <c>image.tag</c>) set, a parameter holding a whole image string is rewritten, and
    /// a kustomize image entry gets the new version. Empty when the file does not mention the image.
    /// </summary>
    public static EditResult EditDeclared(YamlTextEditor editor, YamlSpan? root, ImageReference image, ImageVersion version, string file)
    {
        var result = new EditResult();
        var changes = result.Changes;
        if (root is not YamlMappingSpan top) return result;
        if ((top["helm"] as YamlMappingSpan)?["parameters"] is YamlSequenceSpan parameters)
        {
            var byName = parameters.Items.OfType<YamlMappingSpan>()
                .Where(p => p["name"] is YamlScalarSpan && p["value"] is YamlScalarSpan)
                .ToDictionary(p => ((YamlScalarSpan)p["name"]!).Value, p => p, StringComparer.Ordinal);
            foreach (var (name, parameter) in byName)
            {
                var value = (YamlScalarSpan)parameter["value"]!;
                if (ImageReference.TryParse(value.Value) is not { } declared || !declared.SameImage(image)) continue;
                result.Declared = true;
                if (declared.Tag is not null || declared.Digest is not null)
                {
                    SetParameter(editor, parameters, byName, name, declared.Name + version.Suffix, file, changes);
                }
                else
                {
                    var tagName = (name.Contains('.', StringComparison.Ordinal) ? name[..name.LastIndexOf('.')] + "." : "") + "tag";
                    var current = byName.TryGetValue(tagName, out var tagParameter) ? ((YamlScalarSpan)tagParameter["value"]!).Value : null;
                    SetParameter(editor, parameters, byName, tagName, version.TagValue(current), file, changes);
                }
            }
        }
        if ((top["kustomize"] as YamlMappingSpan)?["images"] is YamlSequenceSpan images)
        {
            foreach (var entry in images.Items.OfType<YamlScalarSpan>())
            {
                if (KustomizeImage.TryParse(entry.Value) is not { } parsed || !parsed.Names(image)) continue;
                result.Declared = true;
                var updated = parsed.WithVersion(version);
                if (updated == entry.Value) continue;
                editor.ReplaceScalar(entry, updated);
                changes.Add($"{file}: kustomize.images {entry.Value} → {updated}");
            }
        }
        return result;
    }

    /// <summary>Sets Helm parameters (adding those missing) in the file's text, or writes a new file when <paramref name="existing"/> is null.</summary>
    public static string SetHelmParameters(string? existing, IReadOnlyList<HelmParameter> updates, string file)
    {
        if (existing is null || YamlText.Parse(existing, file).FirstOrDefault() is not YamlMappingSpan top)
        {
            var text = new StringBuilder((existing ?? "").Length == 0 ? "" : existing);
            text.Append("helm:\n  parameters:\n");
            foreach (var p in updates) text.Append(ParameterLines(p, "  "));
            return text.ToString();
        }
        var editor = new YamlTextEditor(existing);
        switch ((top["helm"] as YamlMappingSpan)?["parameters"])
        {
            case YamlSequenceSpan parameters:
                var byName = parameters.Items.OfType<YamlMappingSpan>().Where(p => p["name"] is YamlScalarSpan)
                    .ToDictionary(p => ((YamlScalarSpan)p["name"]!).Value, p => p, StringComparer.Ordinal);
                foreach (var p in updates) SetParameter(editor, parameters, byName, p.Name, p.Value, file, []);
                break;
            case null when top["helm"] is null:
                editor.AppendLines("helm:\n  parameters:\n" + string.Concat(updates.Select(p => ParameterLines(p, "  "))));
                break;
            default:
                throw new ImageException($"{file}: helm.parameters must be a list");
        }
        return editor.Apply();
    }

    /// <summary>Sets kustomize image entries (replacing the entry for the same image, else adding one), or writes a new file.</summary>
    public static string SetKustomizeImages(string? existing, IReadOnlyList<string> entries, string file)
    {
        if (existing is null || YamlText.Parse(existing, file).FirstOrDefault() is not YamlMappingSpan top)
        {
            return (existing ?? "") + "kustomize:\n  images:\n" + string.Concat(entries.Select(e => $"  - {YamlTextEditor.Format(e, ScalarStyle.Plain)}\n"));
        }
        var editor = new YamlTextEditor(existing);
        switch ((top["kustomize"] as YamlMappingSpan)?["images"])
        {
            case YamlSequenceSpan images:
                foreach (var entry in entries)
                {
                    var wanted = KustomizeImage.TryParse(entry) ?? throw new ImageException($"{file}: '{entry}' is not a kustomize image");
                    var current = images.Items.OfType<YamlScalarSpan>().FirstOrDefault(i => KustomizeImage.TryParse(i.Value) is { } k && k.SameEntry(wanted));
                    if (current is null) editor.AddScalarItem(images, entry);
                    else editor.ReplaceScalar(current, entry);
                }
                break;
            case null when top["kustomize"] is null:
                editor.AppendLines("kustomize:\n  images:\n" + string.Concat(entries.Select(e => $"  - {YamlTextEditor.Format(e, ScalarStyle.Plain)}\n")));
                break;
            default:
                throw new ImageException($"{file}: kustomize.images must be a list");
        }
        return editor.Apply();
    }

    private static void SetParameter(
        YamlTextEditor editor, YamlSequenceSpan parameters, Dictionary<string, YamlMappingSpan> byName, string name, string value, string file, List<string> changes)
    {
        if (byName.TryGetValue(name, out var parameter))
        {
            var current = parameter["value"] as YamlScalarSpan ?? throw new ImageException($"{file}: helm.parameters[{name}].value must be a string");
            if (current.Value == value) return;
            editor.ReplaceScalar(current, value);
            changes.Add($"{file}: helm.parameters[{name}] {current.Value} → {value}");
            return;
        }
        editor.AddMappingItem(parameters, [("name", Plain(name)), ("value", Plain(value)), ("forcestring", "true")]);
        changes.Add($"{file}: helm.parameters[{name}] added: {value}");
    }

    private static string ParameterLines(HelmParameter p, string indent) =>
        $"{indent}- name: {Plain(p.Name)}\n{indent}  value: {Plain(p.Value)}\n{indent}  forcestring: true\n";

    private static string Plain(string value) => YamlTextEditor.Format(value, ScalarStyle.Plain);
}

/// <summary>A kustomize image override <c>[original=]name[:tag][@digest]</c> (Argo CD's <c>kustomize.images</c> form).</summary>
internal sealed record KustomizeImage(string? Original, ImageReference Image)
{
    public static KustomizeImage? TryParse(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        var image = ImageReference.TryParse(eq < 0 ? text : text[(eq + 1)..]);
        return image is null ? null : new KustomizeImage(eq < 0 ? null : text[..eq], image);
    }

    /// <summary>True when the entry overrides <paramref name="image"/> (by its original or its new name).</summary>
    public bool Names(ImageReference image) =>
        Image.SameImage(image) || (Original is not null && ImageReference.TryParse(Original) is { } original && original.SameImage(image));

    /// <summary>True when both entries override the same image (so one replaces the other).</summary>
    public bool SameEntry(KustomizeImage other) =>
        Original is not null || other.Original is not null ? Original == other.Original : Image.SameImage(other.Image);

    /// <summary>The entry with a new version.</summary>
    public string WithVersion(ImageVersion version) => (Original is null ? "" : Original + "=") + Image.Name + version.Suffix;
}
