namespace Hawser.Kubernetes;

/// <summary>One kubeconfig file as written, with relative paths already resolved against the file's folder.</summary>
internal sealed record KubeconfigFile(
    string Path,
    string? CurrentContext,
    IReadOnlyList<KubeconfigCluster> Clusters,
    IReadOnlyList<KubeconfigUser> Users,
    IReadOnlyList<KubeconfigContext> Contexts);

/// <summary>A <c>clusters[]</c> entry.</summary>
internal sealed record KubeconfigCluster(
    string Name,
    string Server,
    string? CertificateAuthority,
    string? CertificateAuthorityData,
    bool InsecureSkipTlsVerify,
    string? TlsServerName,
    string? ProxyUrl,
    string DefinedIn);

/// <summary>A <c>users[]</c> entry. <see cref="ToString"/> never shows a credential.</summary>
internal sealed record KubeconfigUser(
    string Name,
    string? ClientCertificate,
    string? ClientCertificateData,
    string? ClientKey,
    string? ClientKeyData,
    string? Token,
    string? TokenFile,
    string? Username,
    string? Password,
    ExecConfig? Exec,
    string? AuthProvider,
    string DefinedIn)
{
    public override string ToString() => $"user {Name} (from {DefinedIn})";
}

/// <summary>A <c>contexts[]</c> entry.</summary>
internal sealed record KubeconfigContext(string Name, string Cluster, string User, string? Namespace, string DefinedIn);

/// <summary>A <c>users[].user.exec</c> credential plugin. Arguments and environment come from the kubeconfig.</summary>
internal sealed record ExecConfig(
    string Command,
    IReadOnlyList<string> Args,
    IReadOnlyList<KeyValuePair<string, string>> Env,
    string ApiVersion,
    string? InstallHint,
    bool ProvideClusterInfo,
    string InteractiveMode)
{
    public override string ToString() => $"exec {Command} ({ApiVersion})";
}
