using Hawser.Images;

namespace Hawser.Settings;

/// <summary>
/// Argo CD Image Updater's ConfigMap <c>argocd-image-updater-config</c>, read for the server's image update automation:
/// <c>registries.conf</c> (the registries, their API URLs, credentials and rate limits) and <c>git.user</c> /
/// <c>git.email</c> (the author of write-back commits). Other keys are warned about once.
/// </summary>
/// <param name="Registries">The registries; empty when the key is absent.</param>
/// <param name="Author">The write-back commit author; null for Image Updater's default.</param>
public sealed record ImageUpdaterConfig(RegistriesConfig Registries, GitAuthor? Author)
{
    /// <summary>No ConfigMap: every image goes to the registry its name implies.</summary>
    public static ImageUpdaterConfig Default { get; } = new(RegistriesConfig.Empty, null);

    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "log.level", "kube.events", "applications_api", "argocd.server_addr", "argocd.insecure", "argocd.plaintext", "argocd.grpc_web",
    };

    internal static ImageUpdaterConfig Read(SettingsObject? map, SettingsProblems problems)
    {
        if (map is null) return Default;
        var registries = RegistriesConfig.Empty;
        if (map.Value("registries.conf") is { } text)
        {
            try
            {
                registries = RegistriesConfig.Parse(text, $"{map} registries.conf");
            }
            catch (ImageException e)
            {
                problems.Error(e.Message);
            }
            catch (Manifests.ManifestException e)
            {
                problems.Error(map, "registries.conf", e.Message);
            }
        }
        var user = map.Value("git.user");
        var email = map.Value("git.email");
        foreach (var key in map.Data.Keys.Where(k => k is not ("registries.conf" or "git.user" or "git.email")))
        {
            problems.Warn(map, key, Ignored.Contains(key) ? "not used by Hawser (it has no separate Image Updater process)" : "not acted on by Hawser, ignored");
        }
        var author = user is null && email is null ? null : new GitAuthor(user ?? "argocd-image-updater", email ?? "noreply@argoproj.io");
        return new ImageUpdaterConfig(registries, author);
    }
}
