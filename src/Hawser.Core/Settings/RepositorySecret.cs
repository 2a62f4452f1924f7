namespace Hawser.Settings;

/// <summary>
/// A repository Secret (<c>argocd.argoproj.io/secret-type: repository</c>) or a credential template
/// (<c>repo-creds</c>, whose <see cref="Url"/> is a prefix). Printing it never shows a credential.
/// </summary>
/// <param name="SecretName">The Secret's name.</param>
/// <param name="IsTemplate">True for a <c>repo-creds</c> template.</param>
/// <param name="Url">The repository URL (<c>url</c>), or for a template the URL prefix it covers.</param>
/// <param name="Type"><c>git</c> (default) or <c>helm</c>.</param>
/// <param name="Name">A display name (<c>name</c>), or null.</param>
/// <param name="Project">The project the repository is scoped to (<c>project</c>), or null.</param>
/// <param name="Username"><c>username</c>.</param>
/// <param name="Password"><c>password</c> (or token).</param>
/// <param name="SshPrivateKey"><c>sshPrivateKey</c>.</param>
/// <param name="Insecure"><c>insecure</c>: skip TLS verification, and SSH host key checks.</param>
/// <param name="InsecureIgnoreHostKey"><c>insecureIgnoreHostKey</c> (deprecated in Argo CD): skip SSH host key checks.</param>
/// <param name="TlsClientCertData"><c>tlsClientCertData</c>: a client certificate (PEM).</param>
/// <param name="TlsClientCertKey"><c>tlsClientCertKey</c>: its key (PEM).</param>
/// <param name="EnableOci"><c>enableOCI</c>: a Helm repository that is an OCI registry.</param>
/// <param name="Origin">Where the Secret was read.</param>
public sealed record RepositorySecret(
    string SecretName,
    bool IsTemplate,
    string Url,
    string Type,
    string? Name,
    string? Project,
    string? Username,
    SecretText? Password,
    SecretText? SshPrivateKey,
    bool Insecure,
    bool InsecureIgnoreHostKey,
    string? TlsClientCertData,
    SecretText? TlsClientCertKey,
    bool EnableOci,
    string Origin)
{
    /// <summary>Whether the Secret carries any credential (else a repository inherits a template's).</summary>
    public bool HasCredentials =>
        !string.IsNullOrEmpty(Username) || Password is not null || SshPrivateKey is not null || TlsClientCertData is not null;

    public override string ToString() => $"{(IsTemplate ? "credential template" : "repository")} {Url} from Secret/{SecretName}";
}
