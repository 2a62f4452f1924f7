namespace Hawser.Settings;

/// <summary>
/// Hawser's settings, read from Argo CD's own configuration objects so an existing setup moves over unchanged, and built
/// once into immutable typed records that everything downstream takes:
/// <list type="bullet">
/// <item><see cref="Config"/> from <c>argocd-cm</c> (refresh timer, kustomize options, health and ignoreDifferences
/// customizations, resource exclusions, access settings);</item>
/// <item><see cref="Parameters"/> from <c>argocd-cmd-params-cm</c> (worker counts, timeouts);</item>
/// <item><see cref="Secrets"/> from <c>argocd-secret</c> (signing key, admin password, webhook secrets);</item>
/// <item><see cref="Rbac"/>, <see cref="Notifications"/> and <see cref="NotificationSecrets"/>: the raw data of
/// <c>argocd-rbac-cm</c>, <c>argocd-notifications-cm</c> and <c>argocd-notifications-secret</c> (parsed by their stages);</item>
/// <item><see cref="ImageUpdater"/> from <c>argocd-image-updater-config</c> (registries.conf, write-back author);</item>
/// <item><see cref="Clusters"/> from cluster Secrets and <see cref="Repositories"/> from repository and repo-creds Secrets.</item>
/// </list>
/// The objects come from an <see cref="ISettingsSource"/>: a directory of manifests (<c>--settings DIR</c>) or Hawser's
/// namespace. Keys Hawser does not act on are listed in <see cref="Warnings"/>, each once; malformed values of keys it
/// does act on are a <see cref="SettingsException"/> listing every problem. No secret value is ever part of a message,
/// and the records that hold secrets print <c>***</c> instead (see <see cref="SecretText"/>).
/// </summary>
public sealed record HawserSettings(
    string Source,
    ArgoCdConfig Config,
    CommandParameters Parameters,
    ServerSecrets Secrets,
    IReadOnlyDictionary<string, string> Rbac,
    IReadOnlyDictionary<string, string> Notifications,
    IReadOnlyDictionary<string, SecretText> NotificationSecrets,
    ClusterCatalog Clusters,
    RepositoryCatalog Repositories,
    SecretReferences References,
    IReadOnlyList<SettingsWarning> Warnings)
{
    /// <summary>Every setting at Argo CD's default (no settings given).</summary>
    public static HawserSettings Default { get; } = Build(SettingsInput.Empty);

    /// <summary>Reads the source and builds the settings.</summary>
    /// <exception cref="SettingsException">Objects or values that cannot be used, every problem listed.</exception>
    public static async Task<HawserSettings> LoadAsync(ISettingsSource source, CancellationToken cancellationToken) =>
        Build(await source.LoadAsync(cancellationToken));

    /// <summary>Builds the settings from objects already read.</summary>
    /// <exception cref="SettingsException">Values that cannot be used, every problem listed.</exception>
    public static HawserSettings Build(SettingsInput input)
    {
        var problems = new SettingsProblems();
        foreach (var warning in input.Warnings) problems.Warn(warning.Object, warning.Key, warning.Message);

        var argoSecret = input.Secret(SettingsNames.ArgoCdSecret);
        var references = new SecretReferences(argoSecret?.Data ?? new Dictionary<string, string>(), input.Objects);
        var config = ArgoCdConfigReader.Read(input.ConfigMap(SettingsNames.ArgoCdConfigMap), references, problems);
        var parameters = CommandParameters.Read(input.ConfigMap(SettingsNames.CommandParametersConfigMap), problems);
        var imageUpdater = ImageUpdaterConfig.Read(input.ConfigMap(SettingsNames.ImageUpdaterConfigMap), problems);

        var clusters = new List<ClusterSecret>();
        var repositories = new List<RepositorySecret>();
        var templates = new List<RepositorySecret>();
        foreach (var secret in input.Objects.Where(o => o.IsSecret))
        {
            switch (secret.Label(SettingsNames.SecretTypeLabel))
            {
                case null:
                    break;
                case "cluster":
                    if (ClusterSecretReader.Read(secret, problems) is { } cluster) clusters.Add(cluster);
                    break;
                case "repository":
                    if (RepositorySecretReader.Read(secret, template: false, problems) is { } repository) repositories.Add(repository);
                    break;
                case "repo-creds":
                    if (RepositorySecretReader.Read(secret, template: true, problems) is { } credentials) templates.Add(credentials);
                    break;
                case var other:
                    problems.Warn(secret, $"label {SettingsNames.SecretTypeLabel}", $"'{other}' is not cluster, repository or repo-creds; Secret ignored");
                    break;
            }
        }
        foreach (var duplicate in clusters.GroupBy(c => c.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Error($"cluster name '{duplicate.Key}' is used by more than one cluster Secret: {string.Join(", ", duplicate.Select(c => c.SecretName))}");
        foreach (var map in input.Objects.Where(o => !o.IsSecret && !SettingsNames.ConfigMaps.Contains(o.Name)))
            problems.Warn(map, "name", "not an Argo CD settings ConfigMap; ignored");
        problems.ThrowIfErrors();

        return new HawserSettings(
            input.Source,
            config,
            parameters,
            ServerSecrets.Read(argoSecret),
            input.ConfigMap(SettingsNames.RbacConfigMap)?.Data ?? new Dictionary<string, string>(),
            input.ConfigMap(SettingsNames.NotificationsConfigMap)?.Data ?? new Dictionary<string, string>(),
            (input.Secret(SettingsNames.NotificationsSecret)?.Data ?? new Dictionary<string, string>())
                .ToDictionary(p => p.Key, p => new SecretText(p.Value), StringComparer.Ordinal),
            new ClusterCatalog(clusters.OrderBy(c => c.Name, StringComparer.Ordinal).ToList(), input.TrustsExecProviders),
            new RepositoryCatalog(repositories, templates),
            references,
            problems.Warnings)
        {
            ImageUpdater = imageUpdater,
        };
    }

    /// <summary>Image Updater's settings from <c>argocd-image-updater-config</c> (registries.conf, commit author).</summary>
    public ImageUpdaterConfig ImageUpdater { get; init; } = ImageUpdaterConfig.Default;
}
