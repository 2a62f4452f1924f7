namespace Hawser.Settings;

/// <summary>The names and labels of Argo CD's configuration objects.</summary>
public static class SettingsNames
{
    public const string ArgoCdConfigMap = "argocd-cm";
    public const string CommandParametersConfigMap = "argocd-cmd-params-cm";
    public const string RbacConfigMap = "argocd-rbac-cm";
    public const string NotificationsConfigMap = "argocd-notifications-cm";
    public const string ArgoCdSecret = "argocd-secret";
    public const string NotificationsSecret = "argocd-notifications-secret";
    public const string ImageUpdaterConfigMap = "argocd-image-updater-config";

    /// <summary>The label that marks cluster, repository and credential-template Secrets.</summary>
    public const string SecretTypeLabel = "argocd.argoproj.io/secret-type";

    /// <summary>The label a Secret needs before <c>$name:key</c> references in argocd-cm may read it.</summary>
    public const string PartOfLabel = "app.kubernetes.io/part-of";

    internal static readonly HashSet<string> ConfigMaps = new(StringComparer.Ordinal)
    {
        ArgoCdConfigMap, CommandParametersConfigMap, RbacConfigMap, NotificationsConfigMap, ImageUpdaterConfigMap,
    };

    /// <summary>Whether a Secret of the namespace is one the settings read.</summary>
    internal static bool IsSettingsSecret(string name, IReadOnlyDictionary<string, string> labels) =>
        name is ArgoCdSecret or NotificationsSecret
        || labels.ContainsKey(SecretTypeLabel)
        || (labels.TryGetValue(PartOfLabel, out var partOf) && partOf == "argocd");
}
