using Hawser.Kubernetes;
using Hawser.Manifests;

namespace Hawser.Settings;

/// <summary>
/// Settings from the namespace Hawser runs in (in-cluster mode), read through the API as Argo CD reads its own namespace:
/// the ConfigMaps <c>argocd-cm</c>, <c>argocd-cmd-params-cm</c>, <c>argocd-rbac-cm</c>, <c>argocd-notifications-cm</c>, <c>argocd-image-updater-config</c>,
/// the Secrets <c>argocd-secret</c> and <c>argocd-notifications-secret</c>, every Secret labelled
/// <c>argocd.argoproj.io/secret-type</c> (clusters, repositories, credential templates), and every Secret labelled
/// <c>app.kubernetes.io/part-of: argocd</c> (targets of <c>$secret:key</c> references). Other Secrets are never kept.
/// </summary>
public sealed class NamespaceSettingsSource(IKubernetesClient client, string @namespace) : ISettingsSource
{
    private static readonly GroupVersionKind ConfigMaps = new("", "v1", "ConfigMap");
    private static readonly GroupVersionKind Secrets = new("", "v1", "Secret");

    public string Description => $"namespace {@namespace}";

    /// <summary>Only the operator writes Hawser's own namespace, as with Argo CD's.</summary>
    public bool TrustsExecProviders => true;

    public async Task<SettingsInput> LoadAsync(CancellationToken cancellationToken)
    {
        var problems = new SettingsProblems();
        var objects = new List<SettingsObject>();
        var origin = Description;
        foreach (var map in (await client.ListAsync(ConfigMaps, new ListOptions(@namespace), cancellationToken)).Items)
        {
            if (!SettingsNames.ConfigMaps.Contains(map.Name)) continue;
            if (SettingsObjectReader.Read(map, origin, problems) is { } read) objects.Add(read);
        }
        foreach (var secret in (await client.ListAsync(Secrets, new ListOptions(@namespace), cancellationToken)).Items)
        {
            if (!SettingsNames.IsSettingsSecret(secret.Name, secret.Labels)) continue;
            if (SettingsObjectReader.Read(secret, origin, problems) is { } read) objects.Add(read);
        }
        var ordered = SettingsInput.Normalise(objects, problems);
        problems.ThrowIfErrors();
        return new SettingsInput(Description, ordered, problems.Warnings, TrustsExecProviders);
    }
}
