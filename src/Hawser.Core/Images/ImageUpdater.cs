using System.Security.Cryptography;
using System.Text;
using Hawser.Apps;
using Hawser.Sources;
using Hawser.Templates;

namespace Hawser.Images;

/// <summary>Settings of an <see cref="ImageUpdater"/>.</summary>
/// <param name="ScratchDirectory">Where write-back clones go (deleted after each write).</param>
public sealed record ImageUpdaterOptions(string ScratchDirectory)
{
    /// <summary>The Git credentials of a repository URL (the repository Secrets), for <c>write-back-method: git</c> without a secret.</summary>
    public Func<string, RepositoryCredentials?> RepositoryCredentials { get; init; } = _ => null;

    /// <summary>How long a registry's tag list is reused.</summary>
    public TimeSpan TagCacheDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The commit author of write-backs.</summary>
    public GitAuthor Author { get; init; } = new("argocd-image-updater", "noreply@argoproj.io");

    /// <summary>Limit for one git run.</summary>
    public TimeSpan GitTimeout { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>One image's chosen version.</summary>
public sealed record ImageUpdate(string Alias, string Image, string Version);

/// <summary>
/// What one update pass of an app did. For <see cref="WriteBackMethod.ArgoCd"/> the caller keeps
/// <see cref="HelmParameters"/> or <see cref="KustomizeImages"/> as the app's parameter overrides; for
/// <see cref="WriteBackMethod.Git"/> they were committed (<see cref="Commit"/>, null when Git already had them).
/// </summary>
public sealed record ImageUpdateResult(
    string App, WriteBackMethod Method, IReadOnlyList<ImageUpdate> Updates, IReadOnlyList<HelmParameter> HelmParameters,
    IReadOnlyList<string> KustomizeImages, IReadOnlyList<string> Changes, string? Commit, string? Branch, IReadOnlyList<string> Errors);

/// <summary>
/// Image update automation for one Application, driven by Argo CD Image Updater's annotations: scan the registries of
/// the tracked images, choose each version by its strategy, and write the result back, to Git in the files Image
/// Updater writes (<c>.argocd-source-APP.yaml</c>, the kustomization or a values file) or as parameter overrides the
/// caller keeps. The controller calls <see cref="UpdateAsync(Application, CancellationToken)"/> per app on an interval; registry answers are cached
/// and rate limited across calls, so one instance serves every app.
/// </summary>
public sealed class ImageUpdater
{
    private readonly ImageUpdaterOptions _options;
    private readonly RegistryCredentialResolver _credentials;
    private readonly TagSelector _selector;

    public ImageUpdater(RegistryAccess access, ImageUpdaterOptions options, ISecretReader? secrets = null, TimeProvider? time = null)
    {
        _options = options;
        _credentials = new RegistryCredentialResolver(secrets);
        _selector = new TagSelector(new ImageRegistryScanner(access, _credentials, time ?? TimeProvider.System, options.TagCacheDuration));
        Secrets = secrets;
    }

    private ISecretReader? Secrets { get; }

    /// <summary>
    /// One update pass for <paramref name="app"/>. Apps without an <c>image-list</c> annotation get an empty result
    /// with no registry or Git access. A failing image is reported in <see cref="ImageUpdateResult.Errors"/> and does
    /// not stop the others; invalid annotations throw <see cref="ImageException"/>.
    /// </summary>
    public Task<ImageUpdateResult> UpdateAsync(Application app, CancellationToken cancellationToken) => UpdateAsync(app, null, cancellationToken);

    /// <summary>
    /// As <see cref="UpdateAsync(Application, CancellationToken)"/>; <paramref name="written"/> are the versions the caller
    /// knows the app's Git branch already holds (its last write-back, the branch unchanged since): when the choice is
    /// the same, the Git write-back is skipped without a clone.
    /// </summary>
    public async Task<ImageUpdateResult> UpdateAsync(Application app, IReadOnlyList<ImageUpdate>? written, CancellationToken cancellationToken)
    {
        var settings = ImageUpdaterAnnotations.Read(app.Metadata.Annotations, app.Name);
        if (settings is null) return new ImageUpdateResult(app.Name, WriteBackMethod.ArgoCd, [], [], [], [], null, null, []);

        var updates = new List<(TrackedImage Image, ImageChoice Choice)>();
        var errors = new List<string>();
        foreach (var image in settings.Images)
        {
            try
            {
                if (await _selector.ChooseAsync(image, cancellationToken) is { } choice) updates.Add((image, choice));
                else errors.Add($"{image.Alias}: no tag of {image.Image.Name} matches the constraints");
            }
            catch (Exception e) when (e is ImageException or SourceException)
            {
                errors.Add($"{image.Alias}: {e.Message}");
            }
        }

        var source = app.Spec.Sources.FirstOrDefault(s => !s.IsChart && !s.IsRefOnly) ?? app.Spec.Sources.FirstOrDefault();
        var helmParameters = updates.SelectMany(u => HelmParametersOf(u.Image, u.Choice)).ToList();
        var kustomizeImages = updates.Select(u => KustomizeEntryOf(u.Image, u.Choice)).ToList();
        var chosen = updates.Select(u => new ImageUpdate(u.Image.Alias, u.Image.Image.Name, u.Choice.Version.ToString())).ToList();
        if (settings.Method == WriteBackMethod.ArgoCd || updates.Count == 0 || (written is not null && written.SequenceEqual(chosen)))
        {
            return new ImageUpdateResult(app.Name, settings.Method, chosen, helmParameters, kustomizeImages, [], null, null, errors);
        }
        if (source?.Path is null) throw new ImageException($"Application \"{app.Name}\": a Git write-back needs a source in a Git repository (spec.source.path)");

        var credentials = settings.GitCredentials is { } secret ? await GitCredentialsAsync(secret, cancellationToken) : _options.RepositoryCredentials(source.RepoUrl);
        var (baseBranch, targetBranch) = Branches(settings.GitBranch, source.TargetRevision);
        using var workspace = await GitWorkspace.CloneAsync(source.RepoUrl, baseBranch, credentials, _options.ScratchDirectory, _options.GitTimeout, cancellationToken);
        if (targetBranch is not null) workspace.PushBranch = RenderBranch(targetBranch, updates);
        var locator = new AppLocator(workspace.Directory, _options.ScratchDirectory);
        for (var attempt = 1; ; attempt++)
        {
            var changes = await WriteAsync(locator, app, source, settings.Target, updates, helmParameters, kustomizeImages, cancellationToken);
            var diff = changes.Count == 0 ? "" : await workspace.DiffAsync(cancellationToken);
            if (diff.Length == 0) return new ImageUpdateResult(app.Name, settings.Method, chosen, helmParameters, kustomizeImages, [], null, workspace.PushBranch ?? workspace.Branch, errors);
            var message = settings.CommitMessage ?? $"build: automatic update of {app.Name}\n\n" + string.Join("\n", chosen.Select(c => $"updates image {c.Image} to '{c.Version}'")) + "\n";
            var commit = await workspace.CommitAsync(message, _options.Author, cancellationToken);
            if (await workspace.PushAsync(cancellationToken) == PushOutcome.Pushed)
            {
                return new ImageUpdateResult(app.Name, settings.Method, chosen, helmParameters, kustomizeImages, changes, commit, workspace.PushBranch ?? workspace.Branch, errors);
            }
            if (attempt >= 3) throw new ImageException($"Application \"{app.Name}\": the write-back push was rejected {attempt} times");
            await workspace.ResetToRemoteAsync(cancellationToken);
        }
    }

    /// <summary>Writes the chosen versions into the target file; returns what changed.</summary>
    private static async Task<List<string>> WriteAsync(
        AppLocator locator, Application app, ApplicationSource source, WriteBackTarget target, List<(TrackedImage Image, ImageChoice Choice)> updates,
        List<HelmParameter> helmParameters, List<string> kustomizeImages, CancellationToken cancellationToken)
    {
        var directory = locator.Resolve(source.Path!.Trim('/') is "." ? "" : source.Path.Trim('/'), "spec.source.path");
        string Target(string? path, string fallback) => path is { Length: > 0 }
            ? locator.Resolve(path.StartsWith('/') ? path.TrimStart('/') : Path.GetRelativePath(locator.Resolve("", "root"), Path.Combine(directory, path)), "write-back-target")
            : Path.Combine(directory, fallback);
        var changes = new List<string>();
        switch (target.Kind)
        {
            case WriteBackTargetKind.ParameterOverrides:
                var file = Path.Combine(directory, ParameterOverrideFile.FileName(app.Name));
                var existing = File.Exists(file) ? await File.ReadAllTextAsync(file, cancellationToken) : null;
                var isHelm = source.Helm is not null || File.Exists(Path.Combine(directory, "Chart.yaml"));
                var isKustomize = source.Kustomize is not null || KustomizationDeclaration.FileNames.Any(n => File.Exists(Path.Combine(directory, n)));
                if (!isHelm && !isKustomize) throw new ImageException($"Application \"{app.Name}\": image updates apply to Helm and Kustomize apps; {source.Path} is neither");
                var text = isHelm
                    ? ParameterOverrideFile.SetHelmParameters(existing, helmParameters, ParameterOverrideFile.FileName(app.Name))
                    : ParameterOverrideFile.SetKustomizeImages(existing, kustomizeImages, ParameterOverrideFile.FileName(app.Name));
                if (text != existing)
                {
                    await File.WriteAllTextAsync(file, text, cancellationToken);
                    changes.Add($"{ParameterOverrideFile.FileName(app.Name)}: " + string.Join(", ", isHelm ? helmParameters.Select(p => $"{p.Name}={p.Value}") : kustomizeImages));
                }
                break;
            case WriteBackTargetKind.Kustomization:
                var kustomizationDirectory = Target(target.Path, "");
                var kustomization = KustomizationDeclaration.FileNames.Select(n => Path.Combine(kustomizationDirectory, n)).FirstOrDefault(File.Exists)
                    ?? throw new ImageException($"Application \"{app.Name}\": write-back-target kustomization: no kustomization.yaml in {Path.GetRelativePath(locator.Resolve("", "root"), kustomizationDirectory)}");
                changes.AddRange(await EditFileAsync(kustomization, (editor, root, name) =>
                {
                    var result = new EditResult();
                    foreach (var (image, choice) in updates)
                    {
                        var reference = image.KustomizeImageName is { } k ? ImageReference.Parse(k) : image.Image;
                        result.Changes.AddRange(KustomizationDeclaration.Edit(editor, root, reference, choice.Version, name).Changes);
                    }
                    return result;
                }, cancellationToken));
                break;
            default:
                var values = Target(target.Path, "values.yaml");
                if (!File.Exists(values)) throw new ImageException($"Application \"{app.Name}\": write-back-target helmvalues: {values} does not exist");
                changes.AddRange(await EditFileAsync(values, (editor, root, name) =>
                {
                    var result = new EditResult();
                    foreach (var parameter in helmParameters) result.Changes.AddRange(HelmValuesDeclaration.SetKey(editor, root, parameter.Name, parameter.Value, name));
                    return result;
                }, cancellationToken));
                break;
        }
        return changes;
    }

    private static async Task<List<string>> EditFileAsync(string path, Func<YamlTextEditor, YamlSpan?, string, EditResult> edit, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var editor = new YamlTextEditor(text);
        var result = edit(editor, YamlText.Parse(text, Path.GetFileName(path)).FirstOrDefault(), Path.GetFileName(path));
        if (editor.HasEdits) await File.WriteAllTextAsync(path, editor.Apply(), cancellationToken);
        return result.Changes;
    }

    private static IEnumerable<HelmParameter> HelmParametersOf(TrackedImage image, ImageChoice choice)
    {
        if (image.HelmImageSpec is { } spec) return [new HelmParameter(spec, image.Image.Name + choice.Version.Suffix, true)];
        return [new HelmParameter(image.HelmImageName, image.Image.Name, true), new HelmParameter(image.HelmImageTag, choice.Version.TagValue(null), true)];
    }

    private static string KustomizeEntryOf(TrackedImage image, ImageChoice choice) =>
        (image.KustomizeImageName is { } original ? original + "=" : "") + image.Image.Name + choice.Version.Suffix;

    /// <summary><c>git-branch</c>: <c>branch</c>, or <c>base:target</c> (an empty base is the tracked revision); HEAD means the default branch.</summary>
    private static (string? Base, string? Target) Branches(string? annotation, string targetRevision)
    {
        var tracked = targetRevision is "" or "HEAD" ? null : targetRevision;
        if (annotation is null) return (tracked, null);
        var colon = annotation.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return (annotation, null);
        var baseBranch = annotation[..colon];
        return (baseBranch.Length == 0 ? tracked : baseBranch, annotation[(colon + 1)..]);
    }

    /// <summary>Renders a target branch template: <c>{{.SHA256}}</c> of the changes, <c>{{range .Images}}{{.Name}} {{.Alias}} {{.NewTag}}{{end}}</c>.</summary>
    private static string RenderBranch(string template, List<(TrackedImage Image, ImageChoice Choice)> updates)
    {
        var images = updates.Select(u => (object?)new Dictionary<string, object?>
        {
            ["Name"] = u.Image.Image.Name, ["Alias"] = u.Image.Alias, ["OldTag"] = "", ["NewTag"] = u.Choice.Version.ToString(),
        }).ToList();
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", updates.Select(u => u.Image.Image.Name + u.Choice.Version.Suffix)))));
        try
        {
            var branch = GoTemplate.Parse("git-branch", template).Execute(new Dictionary<string, object?> { ["SHA256"] = sha, ["Images"] = images });
            return branch.Length > 255 ? branch[..255] : branch;
        }
        catch (TemplateException e)
        {
            throw new ImageException($"{ImageUpdaterAnnotations.Prefix}git-branch: {e.Message}", e);
        }
    }

    private async Task<RepositoryCredentials> GitCredentialsAsync(CredentialSource secret, CancellationToken cancellationToken)
    {
        if (Secrets is null) throw new ImageException($"write-back-method git:secret:{secret.Namespace}/{secret.Name}: no access to Secrets here");
        var data = await Secrets.ReadAsync(secret.Namespace!, secret.Name, cancellationToken)
            ?? throw new ImageException($"write-back-method git:secret:{secret.Namespace}/{secret.Name}: the Secret does not exist");
        string? Field(string name) => data.TryGetValue(name, out var v) ? Encoding.UTF8.GetString(v) : null;
        return new RepositoryCredentials(Field("username"), Field("password"), Field("sshPrivateKey"));
    }
}
