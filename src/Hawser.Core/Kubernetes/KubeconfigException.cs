namespace Hawser.Kubernetes;

/// <summary>
/// A kubeconfig could not be loaded or used: a missing file, an unknown context, a broken certificate, a refused or failing
/// exec plugin. The message names the file, context or user concerned and never contains a credential.
/// </summary>
public sealed class KubeconfigException(string message, Exception? inner = null) : Exception(message, inner);
