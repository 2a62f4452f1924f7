using System.Text.RegularExpressions;
using Hawser.Sources;

namespace Hawser.Images;

/// <summary>How an image's candidate tags are ordered to pick the one to run (Image Updater's <c>update-strategy</c>).</summary>
public enum UpdateStrategy
{
    /// <summary><c>semver</c> (the default): the highest semantic version within the constraint.</summary>
    Semver,

    /// <summary><c>newest-build</c> (also <c>latest</c>): the tag whose image config was created last.</summary>
    NewestBuild,

    /// <summary><c>alphabetical</c> (also <c>name</c>): the last tag in lexical order.</summary>
    Alphabetical,

    /// <summary><c>digest</c>: the current digest of the constraint's (mutable) tag.</summary>
    Digest,
}

/// <summary>How an update is written back.</summary>
public enum WriteBackMethod
{
    /// <summary><c>argocd</c>: a parameter override Hawser keeps for the app (nothing is written to Git).</summary>
    ArgoCd,

    /// <summary><c>git</c>: a commit to the app's config repo.</summary>
    Git,
}

/// <summary>Which file a Git write-back changes.</summary>
public enum WriteBackTargetKind
{
    /// <summary>The parameter override file <c>.argocd-source-APP.yaml</c> (the default).</summary>
    ParameterOverrides,

    /// <summary><c>kustomization[:path]</c>: the kustomization's <c>images:</c>.</summary>
    Kustomization,

    /// <summary><c>helmvalues[:path]</c>: keys of a Helm values file.</summary>
    HelmValues,
}

/// <summary>A write-back target: its kind and, for kustomization/helmvalues, the path (relative to the app directory, or from the repo root when it starts with <c>/</c>).</summary>
public sealed record WriteBackTarget(WriteBackTargetKind Kind, string? Path);

/// <summary>One image an Application asks to keep up to date, with its per-alias settings.</summary>
/// <param name="Alias">The alias (<c>alias=image</c>), or the image name when none is given.</param>
/// <param name="Image">The image (registry and repository).</param>
/// <param name="Constraint">The version constraint after the image name (<c>~1.26</c>, or the tag the <c>digest</c> strategy tracks); null when none.</param>
/// <param name="Strategy">The update strategy.</param>
/// <param name="AllowTags">Tags must match this (<c>regexp:...</c>); null allows any.</param>
/// <param name="IgnoreTags">Wildcard patterns (<c>*</c>, <c>?</c>) of tags never considered.</param>
/// <param name="Platforms">Platforms the chosen image must serve; empty for no requirement.</param>
/// <param name="PullSecret">Where the registry credentials come from; null for the registry's own settings.</param>
/// <param name="HelmImageName">The Helm parameter that gets the image name (<c>helm.image-name</c>).</param>
/// <param name="HelmImageTag">The Helm parameter that gets the tag (<c>helm.image-tag</c>).</param>
/// <param name="HelmImageSpec">The Helm parameter that gets <c>name:tag</c> (<c>helm.image-spec</c>); replaces name and tag parameters.</param>
/// <param name="KustomizeImageName">The image name the kustomization uses, when it differs (<c>kustomize.image-name</c>).</param>
public sealed record TrackedImage(
    string Alias,
    ImageReference Image,
    string? Constraint,
    UpdateStrategy Strategy,
    Regex? AllowTags,
    IReadOnlyList<string> IgnoreTags,
    IReadOnlyList<ImagePlatform> Platforms,
    CredentialSource? PullSecret,
    string HelmImageName,
    string HelmImageTag,
    string? HelmImageSpec,
    string? KustomizeImageName);

/// <summary>An Application's image update settings, read once from its annotations.</summary>
/// <param name="Images">The images to track.</param>
/// <param name="Method">Where updates go.</param>
/// <param name="GitCredentials">For <c>git:secret:ns/name</c>: the Secret holding the Git credentials; null uses the repository's own.</param>
/// <param name="GitBranch">The <c>git-branch</c> annotation: <c>branch</c> or <c>base:target</c>, target possibly a template; null writes to the tracked branch.</param>
/// <param name="Target">Which file a Git write-back changes.</param>
/// <param name="CommitMessage">A commit message template (<c>git-commit-message</c> is a setting of the updater; Hawser takes it per app too), or null for the default.</param>
public sealed record ImageUpdateSettings(
    IReadOnlyList<TrackedImage> Images, WriteBackMethod Method, CredentialSource? GitCredentials, string? GitBranch, WriteBackTarget Target, string? CommitMessage);

/// <summary>
/// Reads Argo CD Image Updater's annotations (<c>argocd-image-updater.argoproj.io/*</c>) from an Application, unchanged:
/// <c>image-list</c> (<c>[alias=]image[:constraint]</c>, comma separated), per alias <c>update-strategy</c>,
/// <c>allow-tags</c>, <c>ignore-tags</c>, <c>platforms</c>, <c>pull-secret</c>, <c>helm.image-name</c>,
/// <c>helm.image-tag</c>, <c>helm.image-spec</c>, <c>kustomize.image-name</c>; per app <c>write-back-method</c>,
/// <c>git-branch</c> and <c>write-back-target</c>. Every problem is reported at once, naming the annotation.
/// </summary>
public static class ImageUpdaterAnnotations
{
    /// <summary>The annotation prefix.</summary>
    public const string Prefix = "argocd-image-updater.argoproj.io/";

    /// <summary>The settings, or null when the Application has no <c>image-list</c>.</summary>
    public static ImageUpdateSettings? Read(IReadOnlyDictionary<string, string> annotations, string app)
    {
        if (!annotations.TryGetValue(Prefix + "image-list", out var list) || list.Trim().Length == 0) return null;
        var errors = new List<string>();
        var images = new List<TrackedImage>();
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                images.Add(ReadImage(item, annotations));
            }
            catch (ImageException e)
            {
                errors.Add(e.Message);
            }
        }

        var (method, gitCredentials) = (WriteBackMethod.ArgoCd, (CredentialSource?)null);
        if (annotations.TryGetValue(Prefix + "write-back-method", out var methodText))
        {
            methodText = methodText.Trim();
            if (methodText == "argocd") method = WriteBackMethod.ArgoCd;
            else if (methodText == "git" || methodText == "git:repocreds") method = WriteBackMethod.Git;
            else if (methodText.StartsWith("git:secret:", StringComparison.Ordinal))
            {
                method = WriteBackMethod.Git;
                try
                {
                    gitCredentials = CredentialSource.Parse("pullsecret:" + methodText["git:secret:".Length..]) with { Kind = CredentialSourceKind.Secret, Field = null };
                }
                catch (ImageException)
                {
                    errors.Add($"{Prefix}write-back-method: '{methodText}' must name the Secret as git:secret:NAMESPACE/NAME");
                }
            }
            else errors.Add($"{Prefix}write-back-method: '{methodText}' is not argocd, git, git:repocreds or git:secret:NAMESPACE/NAME");
        }

        var target = new WriteBackTarget(WriteBackTargetKind.ParameterOverrides, null);
        if (annotations.TryGetValue(Prefix + "write-back-target", out var targetText))
        {
            targetText = targetText.Trim();
            var colon = targetText.IndexOf(':', StringComparison.Ordinal);
            var (kind, path) = colon < 0 ? (targetText, null) : (targetText[..colon], targetText[(colon + 1)..]);
            target = kind switch
            {
                "kustomization" => new WriteBackTarget(WriteBackTargetKind.Kustomization, path),
                "helmvalues" => new WriteBackTarget(WriteBackTargetKind.HelmValues, path),
                _ => target,
            };
            if (kind is not ("kustomization" or "helmvalues")) errors.Add($"{Prefix}write-back-target: '{targetText}' is not kustomization[:PATH] or helmvalues[:PATH]");
        }

        if (errors.Count > 0) throw new ImageException($"Application \"{app}\": " + string.Join("; ", errors));
        return new ImageUpdateSettings(images, method, gitCredentials,
            annotations.TryGetValue(Prefix + "git-branch", out var branch) && branch.Trim().Length > 0 ? branch.Trim() : null, target,
            annotations.TryGetValue(Prefix + "git-commit-message", out var message) ? message : null);
    }

    private static TrackedImage ReadImage(string item, IReadOnlyDictionary<string, string> annotations)
    {
        var eq = item.IndexOf('=', StringComparison.Ordinal);
        var alias = eq < 0 ? null : item[..eq].Trim();
        var spec = eq < 0 ? item : item[(eq + 1)..].Trim();
        string? constraint = null;
        var colon = spec.LastIndexOf(':');
        if (colon > spec.LastIndexOf('/') && spec.IndexOf('@', StringComparison.Ordinal) < 0)
        {
            constraint = spec[(colon + 1)..];
            spec = spec[..colon];
        }
        var image = ImageReference.TryParse(spec) ?? throw new ImageException($"{Prefix}image-list: '{item}' does not name an image");
        alias ??= image.Name;
        string? Setting(string name) => annotations.TryGetValue($"{Prefix}{alias}.{name}", out var v) ? v.Trim() : null;

        var strategy = Setting("update-strategy") switch
        {
            null or "semver" => UpdateStrategy.Semver,
            "latest" or "newest-build" => UpdateStrategy.NewestBuild,
            "name" or "alphabetical" => UpdateStrategy.Alphabetical,
            "digest" => UpdateStrategy.Digest,
            var other => throw new ImageException($"{Prefix}{alias}.update-strategy: '{other}' is not semver, newest-build, latest, alphabetical, name or digest"),
        };
        if (strategy == UpdateStrategy.Semver && constraint is not null)
        {
            try
            {
                ChartVersionConstraint.Parse(constraint);
            }
            catch (FormatException e)
            {
                throw new ImageException($"{Prefix}image-list: '{item}': the constraint '{constraint}' is not a semver range ({e.Message})", e);
            }
        }

        Regex? allow = null;
        switch (Setting("allow-tags"))
        {
            case null or "any":
                break;
            case var text when text.StartsWith("regexp:", StringComparison.Ordinal):
                try
                {
                    allow = new Regex(text["regexp:".Length..], RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    throw new ImageException($"{Prefix}{alias}.allow-tags: invalid regular expression ({e.Message})", e);
                }
                break;
            case var text:
                throw new ImageException($"{Prefix}{alias}.allow-tags: '{text}' is not 'any' or 'regexp:EXPRESSION'");
        }

        var ignore = (Setting("ignore-tags") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var platforms = new List<ImagePlatform>();
        foreach (var p in (Setting("platforms") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            platforms.Add(ImagePlatform.Parse(p));
        }
        CredentialSource? pullSecret = null;
        if (Setting("pull-secret") is { } secret)
        {
            try
            {
                pullSecret = CredentialSource.Parse(secret);
            }
            catch (ImageException e)
            {
                throw new ImageException($"{Prefix}{alias}.pull-secret: {e.Message}", e);
            }
        }
        return new TrackedImage(alias, image, constraint, strategy, allow, ignore, platforms, pullSecret,
            Setting("helm.image-name") ?? "image.name", Setting("helm.image-tag") ?? "image.tag", Setting("helm.image-spec"), Setting("kustomize.image-name"));
    }
}
