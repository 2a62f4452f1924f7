using System.Text.Json.Nodes;
using Hawser.Manifests;
using Hawser.Settings;

namespace Hawser.Auth;

/// <summary>
/// <c>oidc.config</c> of <c>argocd-cm</c>, as Argo CD users write it:
/// <code>
/// name: Okta
/// issuer: https://example.okta.com
/// clientID: hawser
/// clientSecret: $oidc.okta.clientSecret
/// requestedScopes: [openid, profile, email, groups]
/// requestedIDTokenClaims: {groups: {essential: true}}
/// </code>
/// <c>clientSecret</c> (and any other value) may be a <c>$key</c> / <c>$secret:key</c> reference, resolved through
/// <see cref="SecretReferences"/>. A signed-in user's RBAC subject is the ID token's <c>sub</c>; its groups are the values of
/// the claims named by RBAC's <c>scopes</c> (default <c>[groups]</c>; <c>[groups, email]</c> lets policies name users by email).
/// <c>allowedAudiences</c> lists the audiences of the provider's ID tokens the API accepts as bearer tokens (as Argo CD:
/// default the client id and the CLI's client id).
/// </summary>
/// <param name="Name">The provider's display name (the login button).</param>
/// <param name="Issuer">The issuer URL; its <c>/.well-known/openid-configuration</c> is read.</param>
/// <param name="ClientId">The client id registered with the provider.</param>
/// <param name="ClientSecret">The client secret, or null for a public client (PKCE only).</param>
/// <param name="RequestedScopes">Scopes asked for (default <c>openid profile email</c>).</param>
/// <param name="CliClientId">A client id for the CLI (<c>cliClientID</c>), or null to use <paramref name="ClientId"/>.</param>
public sealed record OidcConfig(string Name, string Issuer, string ClientId, SecretText? ClientSecret, IReadOnlyList<string> RequestedScopes, string? CliClientId)
{
    /// <summary>The audiences an ID token presented as a bearer token may have (<c>allowedAudiences</c>; default the client ids).</summary>
    public IReadOnlyList<string> AllowedAudiences { get; init; } = [];

    /// <summary>Reads <paramref name="yaml"/>; null when it is empty.</summary>
    /// <exception cref="SettingsException">The text is not YAML, or misses <c>issuer</c> or <c>clientID</c>; the message names the field.</exception>
    public static OidcConfig? Read(string? yaml, SecretReferences references)
    {
        if (string.IsNullOrWhiteSpace(yaml)) return null;
        JsonObject root;
        try
        {
            var documents = YamlDocuments.Parse(yaml, "argocd-cm oidc.config");
            root = documents.Count == 1 && documents[0].Root is JsonObject o ? o : throw new SettingsException(["argocd-cm oidc.config: must be one YAML mapping"]);
        }
        catch (ManifestException e)
        {
            throw new SettingsException([$"argocd-cm oidc.config: {e.Message}"]);
        }
        string Text(string field) => root[field] is JsonValue v && v.TryGetValue<string>(out var s) ? references.Resolve(s.Trim()) : "";
        var problems = new List<string>();
        if (Text("issuer").Length == 0) problems.Add("argocd-cm oidc.config: issuer is required");
        else if (!Uri.TryCreate(Text("issuer"), UriKind.Absolute, out var issuer) || issuer.Scheme is not ("https" or "http"))
            problems.Add($"argocd-cm oidc.config: issuer '{Text("issuer")}' is not an http(s) URL");
        if (Text("clientID").Length == 0) problems.Add("argocd-cm oidc.config: clientID is required");
        var scopes = root["requestedScopes"] is JsonArray list
            ? list.Select(s => s is JsonValue v && v.TryGetValue<string>(out var t) ? t : "").Where(t => t.Length > 0).ToList()
            : ["openid", "profile", "email"];
        if (!scopes.Contains("openid")) scopes.Insert(0, "openid");
        var audiences = new List<string>();
        if (root["allowedAudiences"] is JsonArray allowed)
        {
            foreach (var item in allowed)
            {
                if (item is JsonValue v && v.TryGetValue<string>(out var a) && a.Trim().Length > 0) audiences.Add(a.Trim());
                else problems.Add("argocd-cm oidc.config: allowedAudiences must be a list of strings");
            }
        }
        else if (root["allowedAudiences"] is not null) problems.Add("argocd-cm oidc.config: allowedAudiences must be a list of strings");
        if (problems.Count > 0) throw new SettingsException(problems);
        return new OidcConfig(
            Text("name") is { Length: > 0 } name ? name : "SSO",
            Text("issuer").TrimEnd('/'),
            Text("clientID"),
            Text("clientSecret") is { Length: > 0 } secret ? new SecretText(secret) : null,
            scopes,
            Text("cliClientID") is { Length: > 0 } cli ? cli : null)
        {
            AllowedAudiences = audiences.Count > 0 ? audiences : new[] { Text("clientID"), Text("cliClientID") }.Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
        };
    }
}
