using Hawser.Compare;
using Hawser.Health;

namespace Hawser.Settings;

/// <summary>
/// What <c>argocd-cm</c> says, typed. Keys Hawser does not act on are warned by name (see docs/settings.md);
/// <see cref="Data"/> keeps every key as written, secret references unresolved.
/// </summary>
/// <param name="Reconciliation">Refresh timer (<c>timeout.reconciliation</c>, <c>.jitter</c>, <c>timeout.hard.reconciliation</c>).</param>
/// <param name="Kustomize">Operator-wide kustomize options (<c>kustomize.buildOptions</c>).</param>
/// <param name="HealthChecks">Custom Lua health checks (<c>resource.customizations.health.*</c> and the older <c>resource.customizations</c>).</param>
/// <param name="IgnoreDifferences">System-wide ignore rules (<c>resource.customizations.ignoreDifferences.*</c>, <c>.all</c>); group and kind may be globs.</param>
/// <param name="IgnoreResourceUpdates">Fields whose changes alone do not trigger a refresh (<c>resource.customizations.ignoreResourceUpdates.*</c>).</param>
/// <param name="Resources">Which kinds are managed at all (<c>resource.exclusions</c> / <c>resource.inclusions</c>).</param>
/// <param name="Compare">Comparison switches (<c>resource.compareoptions</c>).</param>
/// <param name="Tracking">How Argo CD would track objects (<c>application.instanceLabelKey</c>, <c>application.resourceTrackingMethod</c>).</param>
/// <param name="Access">Server access settings, raw where the auth helper parses them (<c>accounts.*</c>, <c>oidc.config</c>...).</param>
/// <param name="HelmValuesFileSchemes">URL schemes allowed for remote Helm value files (<c>helm.valuesFileSchemes</c>).</param>
/// <param name="Data">argocd-cm's data as written.</param>
public sealed record ArgoCdConfig(
    ReconciliationSettings Reconciliation,
    KustomizeSettings Kustomize,
    CustomHealthChecks HealthChecks,
    IReadOnlyList<IgnoreRule> IgnoreDifferences,
    IReadOnlyList<IgnoreRule> IgnoreResourceUpdates,
    ResourceFilter Resources,
    CompareSettings Compare,
    TrackingSettings Tracking,
    AccessSettings Access,
    IReadOnlyList<string> HelmValuesFileSchemes,
    IReadOnlyDictionary<string, string> Data)
{
    /// <summary>Argo CD's defaults (an empty argocd-cm).</summary>
    public static ArgoCdConfig Default { get; } = new(
        ReconciliationSettings.Default, KustomizeSettings.Default, CustomHealthChecks.Empty, [], [], ResourceFilter.Default,
        CompareSettings.Default, TrackingSettings.Default, AccessSettings.Default, ["https", "http"], new Dictionary<string, string>());

    /// <summary>The system-wide ignore rules that apply to <paramref name="group"/>/<paramref name="kind"/>.</summary>
    public IEnumerable<IgnoreRule> IgnoreDifferencesFor(string group, string kind) =>
        IgnoreDifferences.Where(r => r.Matches(new Manifests.ResourceKey(group, kind, "", "")));
}

/// <summary>The refresh timer of each app.</summary>
/// <param name="Timeout">Time between refreshes (<c>timeout.reconciliation</c>, default 180 s); zero turns periodic refresh off.</param>
/// <param name="Jitter">Up to this much is added at random to each period (<c>timeout.reconciliation.jitter</c>, default 60 s).</param>
/// <param name="HardTimeout">Time between hard refreshes that bypass caches (<c>timeout.hard.reconciliation</c>); zero (default) means never.</param>
public sealed record ReconciliationSettings(TimeSpan Timeout, TimeSpan Jitter, TimeSpan HardTimeout)
{
    public static ReconciliationSettings Default { get; } = new(TimeSpan.FromSeconds(180), TimeSpan.FromSeconds(60), TimeSpan.Zero);
}

/// <summary>Operator-wide kustomize settings.</summary>
/// <param name="BuildOptions">Arguments added to every <c>kustomize build</c> (<c>kustomize.buildOptions</c>), already split and checked.</param>
public sealed record KustomizeSettings(IReadOnlyList<string> BuildOptions)
{
    public static KustomizeSettings Default { get; } = new([]);
}

/// <summary><c>resource.compareoptions</c>.</summary>
/// <param name="IgnoreAggregatedRoles">Ignore the <c>rules</c> of ClusterRoles that have an <c>aggregationRule</c> (filled in by the cluster).</param>
/// <param name="IgnoreResourceStatusField">Argo CD's <c>ignoreResourceStatusField</c> (<c>crd</c>, <c>all</c>, <c>none</c>); Hawser always ignores <c>status</c>, as <c>all</c>.</param>
/// <param name="IgnoreDifferencesOnResourceUpdates">Apply ignoreDifferences rules to watch events too (Argo CD's switch; on by default since 3.0).</param>
public sealed record CompareSettings(bool IgnoreAggregatedRoles, string IgnoreResourceStatusField, bool IgnoreDifferencesOnResourceUpdates)
{
    public static CompareSettings Default { get; } = new(false, "all", true);
}

/// <summary>How Argo CD tracks the objects of an app. Hawser reads these to stay compatible, but always tracks with its own
/// <c>hawser.io/tracking-id</c> annotation; Argo CD's label or annotation is neither written nor trusted for pruning.</summary>
/// <param name="InstanceLabelKey"><c>application.instanceLabelKey</c> (default <c>app.kubernetes.io/instance</c>).</param>
/// <param name="Method"><c>application.resourceTrackingMethod</c>: <c>annotation</c> (default since Argo CD 3.0), <c>label</c>, or <c>annotation+label</c>.</param>
public sealed record TrackingSettings(string InstanceLabelKey, string Method)
{
    public static TrackingSettings Default { get; } = new("app.kubernetes.io/instance", "annotation");
}

/// <summary>Server access settings. Accounts and OIDC stay raw: the auth stage parses them (resolving secret references
/// through <see cref="HawserSettings.References"/>).</summary>
/// <param name="Url">The external URL of the server (<c>url</c>), secret reference resolved.</param>
/// <param name="AdminEnabled"><c>admin.enabled</c> (default true).</param>
/// <param name="AnonymousEnabled"><c>users.anonymous.enabled</c> (default false).</param>
/// <param name="ExecEnabled"><c>exec.enabled</c>, the web terminal (default false).</param>
/// <param name="StatusBadgeEnabled"><c>statusbadge.enabled</c> (default false).</param>
/// <param name="OidcConfig"><c>oidc.config</c> as written (YAML), or null.</param>
/// <param name="Accounts">Every <c>accounts.*</c> key as written, e.g. <c>accounts.alice</c> = <c>apiKey, login</c>, <c>accounts.alice.enabled</c> = <c>false</c>.</param>
public sealed record AccessSettings(
    string? Url,
    bool AdminEnabled,
    bool AnonymousEnabled,
    bool ExecEnabled,
    bool StatusBadgeEnabled,
    string? OidcConfig,
    IReadOnlyDictionary<string, string> Accounts)
{
    public static AccessSettings Default { get; } = new(null, true, false, false, false, null, new Dictionary<string, string>());
}
