using System.Text;
using Hawser.Apps;

namespace Hawser.Images;

/// <summary>A planned change of one file: its new text, and what changed in words.</summary>
internal sealed record FileChange(string Path, string Text, bool Bom, IReadOnlyList<string> Changes)
{
    /// <summary>Writes the new text; the byte order mark and every byte outside the edits stay as they were.</summary>
    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(Text);
        await File.WriteAllBytesAsync(Path, Bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes, cancellationToken);
    }
}

/// <summary>
/// Finds where an app declares an image and plans the minimal edit, in the order Argo CD applies them: the parameter
/// override file <c>.argocd-source-APP.yaml</c> when it mentions the image, else the kustomization (entry added when
/// missing), else the Helm values file that wins (the last of the app's value files declaring it), else every plain
/// manifest of the directory that runs the image.
/// </summary>
internal sealed class ImageDeclarations(AppLocator locator)
{
    /// <summary>The file changes that set <paramref name="image"/> to <paramref name="version"/> for the app; empty when it already is.</summary>
    public async Task<IReadOnlyList<FileChange>> PlanAsync(
        AppLocation app, ImageReference image, ImageVersion version, string? helmKey, CancellationToken cancellationToken)
    {
        var directory = locator.Resolve(app.Directory, "the app directory");
        var overrides = Path.Combine(directory, ParameterOverrideFile.FileName(app.App));
        if (helmKey is null && File.Exists(overrides))
        {
            var change = await EditAsync(overrides, (editor, docs, file) => ParameterOverrideFile.EditDeclared(editor, docs.FirstOrDefault(), image, version, file), cancellationToken);
            if (change is not null) return change.Changes.Count == 0 ? [] : [change];
        }

        var kustomization = KustomizationDeclaration.FileNames.Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists);
        if (kustomization is not null && helmKey is null)
        {
            CheckNotOverridden(app, image);
            var change = await EditAsync(kustomization, (editor, docs, file) => KustomizationDeclaration.Edit(editor, docs.FirstOrDefault(), image, version, file), cancellationToken);
            return change!.Changes.Count == 0 ? [] : [change];
        }

        if (File.Exists(Path.Combine(directory, "Chart.yaml")) || app.Source?.Helm is not null || helmKey is not null)
        {
            var valueFiles = app.Source?.Helm?.ValueFiles.Where(f => !f.StartsWith('$') && !f.Contains("://", StringComparison.Ordinal)).ToList() ?? [];
            if (valueFiles.Count == 0) valueFiles.Add("values.yaml");
            foreach (var valueFile in Enumerable.Reverse(valueFiles))
            {
                var path = locator.Resolve(Path.GetRelativePath(locator.Resolve("", "root"), Path.Combine(directory, valueFile)), "helm.valueFiles");
                if (!File.Exists(path)) continue;
                var change = await EditAsync(path, (editor, docs, file) => HelmValuesDeclaration.Edit(editor, docs.FirstOrDefault(), image, version, helmKey, file), cancellationToken);
                if (change is null) continue;
                CheckParameters(app, change);
                return change.Changes.Count == 0 ? [] : [change];
            }
            throw new ImageException($"{image.Name} is not declared in {string.Join(", ", valueFiles)} of {Display(app)} (no repository/tag pair or image string); name the key with --helm-key");
        }

        var changes = new List<FileChange>();
        var declared = false;
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*.*", RecurseOf(app)).Order(StringComparer.Ordinal))
        {
            if (!(file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal)) || Path.GetFileName(file).StartsWith(".argocd-source", StringComparison.Ordinal)) continue;
            var change = await EditAsync(file, (editor, docs, name) => ManifestDeclaration.Edit(editor, docs, image, version, name), cancellationToken, tolerateInvalid: true);
            if (change is null) continue;
            declared = true;
            if (change.Changes.Count > 0) changes.Add(change);
        }
        if (!declared) throw new ImageException($"no manifest of {Display(app)} runs {image.Name}");
        return changes;
    }

    private static SearchOption RecurseOf(AppLocation app) => app.Source?.Directory?.Recurse == true ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;

    /// <summary>Reads a file, runs the edit, and returns the change (null when the file does not declare the image).</summary>
    private async Task<FileChange?> EditAsync(
        string path, Func<YamlTextEditor, IReadOnlyList<YamlSpan?>, string, EditResult> edit, CancellationToken cancellationToken, bool tolerateInvalid = false)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var bom = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        var text = Encoding.UTF8.GetString(bom ? bytes[3..] : bytes);
        var display = Path.GetRelativePath(locator.Resolve("", "root"), path);
        IReadOnlyList<YamlSpan?> documents;
        try
        {
            documents = YamlText.Parse(text, display);
        }
        catch (ImageException) when (tolerateInvalid)
        {
            return null;
        }
        var editor = new YamlTextEditor(text);
        var result = edit(editor, documents, display);
        return result.Declared ? new FileChange(path, editor.Apply(), bom, result.Changes) : null;
    }

    private static void CheckNotOverridden(AppLocation app, ImageReference image)
    {
        if (app.Source?.Kustomize?.Images.FirstOrDefault(i => KustomizeImage.TryParse(i) is { } k && k.Names(image)) is { } entry)
        {
            throw new ImageException($"Application \"{app.App}\" sets spec.source.kustomize.images '{entry}', which overrides the kustomization; change it there");
        }
    }

    private static void CheckParameters(AppLocation app, FileChange change)
    {
        var parameters = app.Source?.Helm?.Parameters ?? [];
        foreach (var parameter in parameters)
        {
            if (change.Changes.Any(c => c.Contains($": {parameter.Name} ", StringComparison.Ordinal)))
            {
                throw new ImageException($"Application \"{app.App}\" sets spec.source.helm.parameters {parameter.Name}, which overrides the values file; change it there");
            }
        }
    }

    private static string Display(AppLocation app) => app.Directory.Length == 0 ? $"app {app.App} (repository root)" : $"app {app.App} ({app.Directory})";
}
