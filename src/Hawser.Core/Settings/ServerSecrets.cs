namespace Hawser.Settings;

/// <summary>
/// <c>argocd-secret</c>, typed where Hawser uses a key and kept whole (as secrets) for <c>$key</c> references.
/// Every value is a <see cref="SecretText"/>: printing this record never shows one.
/// </summary>
/// <param name="ServerSecretKey">Signs session tokens (<c>server.secretkey</c>).</param>
/// <param name="AdminPassword">The admin password's bcrypt hash (<c>admin.password</c>).</param>
/// <param name="AdminPasswordMtime">When it was last changed (<c>admin.passwordMtime</c>, not secret).</param>
/// <param name="Webhooks">Webhook secrets by key: <c>webhook.github.secret</c>, <c>webhook.gitlab.secret</c>, <c>webhook.bitbucket.uuid</c>,
/// <c>webhook.bitbucketserver.secret</c>, <c>webhook.gogs.secret</c>, <c>webhook.azuredevops.username</c>/<c>password</c>.</param>
/// <param name="All">Every key of the Secret.</param>
public sealed record ServerSecrets(
    SecretText? ServerSecretKey,
    SecretText? AdminPassword,
    string? AdminPasswordMtime,
    IReadOnlyDictionary<string, SecretText> Webhooks,
    IReadOnlyDictionary<string, SecretText> All)
{
    public static ServerSecrets Empty { get; } = new(null, null, null, new Dictionary<string, SecretText>(), new Dictionary<string, SecretText>());

    /// <summary>A webhook secret such as <c>webhook.github.secret</c>, or null.</summary>
    public SecretText? Webhook(string key) => Webhooks.TryGetValue(key, out var value) ? value : null;

    internal static ServerSecrets Read(SettingsObject? secret)
    {
        if (secret is null) return Empty;
        var all = secret.Data.ToDictionary(p => p.Key, p => new SecretText(p.Value), StringComparer.Ordinal);
        return new ServerSecrets(
            all.GetValueOrDefault("server.secretkey"),
            all.GetValueOrDefault("admin.password"),
            secret.Value("admin.passwordMtime"),
            all.Where(p => p.Key.StartsWith("webhook.", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            all);
    }
}
