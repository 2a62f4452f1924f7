using System.Text.Json.Nodes;

namespace Hawser.Apps;

/// <summary>
/// One source of an Application: a Git repository path or a Helm chart from a chart repository, with the tool options
/// Argo CD allows. At most one of <see cref="Helm"/>, <see cref="Kustomize"/>, <see cref="Directory"/> and <see cref="Plugin"/>
/// is set; when none is, the renderer is chosen from the files (a discovering config management plugin, Chart.yaml → Helm,
/// kustomization.yaml → Kustomize, else a directory of manifests and Jsonnet files).
/// </summary>
/// <param name="RepoUrl">A Git URL (or local path), an HTTP(S) Helm repository, or an <c>oci://</c> registry when <paramref name="Chart"/> is set.</param>
/// <param name="Path">The directory inside the Git repository; null for chart sources and <c>ref</c>-only sources.</param>
/// <param name="TargetRevision">Branch, tag, commit or <c>HEAD</c> for Git; a chart version or range for charts. Defaults to <c>HEAD</c>.</param>
/// <param name="Chart">The chart name when the source is a Helm repository.</param>
/// <param name="Ref">A name other sources use as <c>$name/path</c> in Helm value files (multi-source apps).</param>
/// <param name="Helm">Helm options.</param>
/// <param name="Kustomize">Kustomize options.</param>
/// <param name="Directory">Plain-directory options.</param>
/// <param name="Plugin">A config management plugin block: render with the named (or discovered) operator-declared plugin.</param>
public sealed record ApplicationSource(
    string RepoUrl,
    string? Path,
    string TargetRevision,
    string? Chart,
    string? Ref,
    HelmSource? Helm,
    KustomizeSource? Kustomize,
    DirectorySource? Directory,
    PluginSource? Plugin)
{
    /// <summary>
    /// The <c>kustomize build</c> arguments for this source when it renders with Kustomize: <c>kustomize.buildOptions</c> when set,
    /// else the Application's <c>hawser.io/kustomize-build-options</c> annotation (Argo CD keeps them in server settings).
    /// </summary>
    public IReadOnlyList<string> KustomizeBuildOptions { get; init; } = [];

    /// <summary>True for a Helm-repository (or OCI) chart source rather than a Git path.</summary>
    public bool IsChart => Chart is not null;

    /// <summary>True for a multi-source entry that only provides files to other sources (a <c>ref</c> and no path or chart).</summary>
    public bool IsRefOnly => Ref is not null && Path is null && Chart is null;
}

/// <summary>Helm options of a source (spec.source.helm).</summary>
/// <param name="ReleaseName">The release name; the Application name when null.</param>
/// <param name="ValueFiles">Value files in order, relative to the chart directory, or <c>$ref/path</c> into a <c>ref</c> source.</param>
/// <param name="Values">Inline values as a YAML string, applied after the value files.</param>
/// <param name="ValuesObject">Inline values as an object; wins over <paramref name="Values"/> (as in Argo CD).</param>
/// <param name="Parameters"><c>--set</c> / <c>--set-string</c> parameters.</param>
/// <param name="FileParameters"><c>--set-file</c> parameters (paths relative to the chart directory).</param>
/// <param name="SkipCrds">Leave out the chart's <c>crds/</c>.</param>
/// <param name="IgnoreMissingValueFiles">A missing value file is skipped instead of failing the render.</param>
/// <param name="KubeVersion">The Kubernetes version to template for (<c>--kube-version</c>); null uses Helm's default.</param>
/// <param name="ApiVersions">Extra API versions for <c>.Capabilities.APIVersions</c> (<c>--api-versions</c>).</param>
/// <param name="PassCredentials">Pass repository credentials to all domains (not acted on; warned).</param>
/// <param name="Version">The Helm major version (<c>v3</c>; anything else is warned).</param>
/// <param name="Namespace">The namespace to template with; the destination namespace when null.</param>
public sealed record HelmSource(
    string? ReleaseName,
    IReadOnlyList<string> ValueFiles,
    string? Values,
    JsonObject? ValuesObject,
    IReadOnlyList<HelmParameter> Parameters,
    IReadOnlyList<HelmFileParameter> FileParameters,
    bool SkipCrds,
    bool IgnoreMissingValueFiles,
    string? KubeVersion,
    IReadOnlyList<string> ApiVersions,
    bool PassCredentials,
    string? Version,
    string? Namespace);

/// <summary>A Helm <c>--set</c> (or <c>--set-string</c> when <paramref name="ForceString"/>) parameter.</summary>
public sealed record HelmParameter(string Name, string Value, bool ForceString);

/// <summary>A Helm <c>--set-file</c> parameter: <paramref name="Path"/> is relative to the chart directory.</summary>
public sealed record HelmFileParameter(string Name, string Path);

/// <summary>Kustomize options of a source (spec.source.kustomize), applied as Argo CD's <c>kustomize edit</c> calls would.</summary>
/// <param name="BuildOptions">Extra <c>kustomize build</c> arguments, parsed from the <c>hawser.io/kustomize-build-options</c> annotation
/// (Argo CD sets them at server level in <c>kustomize.buildOptions</c>).</param>
/// <param name="Images">Image overrides such as <c>nginx=nginx:1.27</c>, <c>nginx:1.27</c> or <c>nginx@sha256:...</c>.</param>
/// <param name="NamePrefix">Prefix added to every name.</param>
/// <param name="NameSuffix">Suffix added to every name.</param>
/// <param name="CommonLabels">Labels added to every object (and selectors, as kustomize does).</param>
/// <param name="CommonAnnotations">Annotations added to every object.</param>
/// <param name="Namespace">The namespace set on every namespaced object.</param>
/// <param name="Replicas">Replica count overrides by workload name.</param>
/// <param name="Patches">Patches, as kustomization <c>patches</c> entries.</param>
/// <param name="Components">Extra components (paths relative to the app directory).</param>
/// <param name="Version">A named kustomize version (not acted on; warned).</param>
/// <param name="ForceCommonLabels">Let <paramref name="CommonLabels"/> replace labels the kustomization already sets (else that is an error, as in Argo CD).</param>
/// <param name="ForceCommonAnnotations">Let <paramref name="CommonAnnotations"/> replace annotations the kustomization already sets.</param>
/// <param name="LabelWithoutSelector">Add <paramref name="CommonLabels"/> as <c>labels</c> that leave selectors alone.</param>
/// <param name="LabelIncludeTemplates">With <paramref name="LabelWithoutSelector"/>, also label pod templates.</param>
public sealed record KustomizeSource(
    IReadOnlyList<string> BuildOptions,
    IReadOnlyList<string> Images,
    string? NamePrefix,
    string? NameSuffix,
    IReadOnlyDictionary<string, string> CommonLabels,
    IReadOnlyDictionary<string, string> CommonAnnotations,
    string? Namespace,
    IReadOnlyList<KustomizeReplica> Replicas,
    IReadOnlyList<KustomizePatch> Patches,
    IReadOnlyList<string> Components,
    string? Version,
    bool ForceCommonLabels = false,
    bool ForceCommonAnnotations = false,
    bool LabelWithoutSelector = false,
    bool LabelIncludeTemplates = false)
{
    /// <summary>True when the Application asks for any change to the kustomization (beyond build options).</summary>
    public bool HasEdits =>
        Images.Count > 0 || NamePrefix is not null || NameSuffix is not null || CommonLabels.Count > 0 || CommonAnnotations.Count > 0 ||
        Namespace is not null || Replicas.Count > 0 || Patches.Count > 0 || Components.Count > 0;
}

/// <summary>A replica override: the workload's name and the count.</summary>
public sealed record KustomizeReplica(string Name, int Count);

/// <summary>A kustomize patch: an inline <paramref name="Patch"/> or a <paramref name="Path"/>, optionally with a target.</summary>
public sealed record KustomizePatch(string? Path, string? Patch, KustomizePatchTarget? Target, IReadOnlyDictionary<string, bool> Options);

/// <summary>Which objects a kustomize patch applies to.</summary>
public sealed record KustomizePatchTarget(
    string? Group,
    string? Version,
    string? Kind,
    string? Name,
    string? Namespace,
    string? LabelSelector,
    string? AnnotationSelector);

/// <summary>Plain-directory options (spec.source.directory).</summary>
/// <param name="Recurse">Read sub-directories too.</param>
/// <param name="Include">A glob (with <c>{a,b}</c> alternatives) of files to read; all manifests when null.</param>
/// <param name="Exclude">A glob of files to leave out.</param>
/// <param name="Jsonnet">Options for the directory's <c>.jsonnet</c> files; null renders them with none.</param>
public sealed record DirectorySource(bool Recurse, string? Include, string? Exclude, JsonnetSource? Jsonnet);

/// <summary>Jsonnet options (spec.source.directory.jsonnet). Values may use the build environment (<c>$ARGOCD_APP_NAME</c>...).</summary>
/// <param name="ExtVars">External variables (<c>std.extVar</c>), strings or, with <c>code: true</c>, Jsonnet code.</param>
/// <param name="Tlas">Top-level arguments of a file that evaluates to a function.</param>
/// <param name="Libs">Library search directories, relative to the repository root (e.g. <c>vendor</c>).</param>
public sealed record JsonnetSource(IReadOnlyList<JsonnetVariable> ExtVars, IReadOnlyList<JsonnetVariable> Tlas, IReadOnlyList<string> Libs);

/// <summary>One Jsonnet external variable or top-level argument; <paramref name="Code"/> passes the value as Jsonnet code.</summary>
public sealed record JsonnetVariable(string Name, string Value, bool Code);

/// <summary>The config management plugin block of a source (spec.source.plugin).</summary>
/// <param name="Name">The plugin's name (<c>name</c> or <c>name-version</c>); null lets discovery choose.</param>
/// <param name="Env">Variables given to the plugin as <c>ARGOCD_ENV_NAME</c> (values may use the build environment).</param>
/// <param name="Parameters">Parameters given to the plugin as <c>ARGOCD_APP_PARAMETERS</c> JSON and <c>PARAM_*</c> variables.</param>
public sealed record PluginSource(string? Name, IReadOnlyList<PluginEnvEntry> Env, IReadOnlyList<PluginParameter> Parameters);

/// <summary>A <c>plugin.env</c> entry.</summary>
public sealed record PluginEnvEntry(string Name, string Value);

/// <summary>A <c>plugin.parameters</c> entry: a string, a map or an array value (any that is set is passed).</summary>
public sealed record PluginParameter(string Name, string? String, IReadOnlyDictionary<string, string>? Map, IReadOnlyList<string>? Array);
