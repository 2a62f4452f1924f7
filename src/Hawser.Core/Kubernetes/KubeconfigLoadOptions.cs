namespace Hawser.Kubernetes;

/// <summary>
/// How far a kubeconfig is trusted. A kubeconfig the user gave (<c>--kubeconfig</c>, <c>KUBECONFIG</c>, <c>~/.kube/config</c>)
/// may run exec plugins and read local files. One that came from Git, a cluster Secret or an API request must not:
/// an exec plugin there is remote code execution and a file reference can send a local token to a foreign server
/// (Flux CVE-2022-24817). Such kubeconfigs are loaded with <see cref="Untrusted"/>.
/// </summary>
/// <param name="AllowExec">Whether <c>exec</c> credential plugins may run.</param>
/// <param name="AllowLocalFiles">Whether <c>certificate-authority</c>, <c>client-certificate</c>, <c>client-key</c> and <c>tokenFile</c> may name local files.</param>
public sealed record KubeconfigLoadOptions(bool AllowExec = true, bool AllowLocalFiles = true)
{
    /// <summary>For a kubeconfig the user provided: everything kubectl allows.</summary>
    public static KubeconfigLoadOptions UserProvided { get; } = new();

    /// <summary>For a kubeconfig from Git or an API: no exec plugins, auth providers or local file references.</summary>
    public static KubeconfigLoadOptions Untrusted { get; } = new(AllowExec: false, AllowLocalFiles: false);
}
