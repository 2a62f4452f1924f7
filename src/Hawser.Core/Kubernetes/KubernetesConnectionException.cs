namespace Hawser.Kubernetes;

/// <summary>The API server could not be reached (connection refused or reset, DNS, TLS), after the client's retries.</summary>
public sealed class KubernetesConnectionException(string involvedObject, string message, Exception inner)
    : KubernetesApiException(System.Net.HttpStatusCode.ServiceUnavailable, "ConnectionFailed", involvedObject, message, null, inner);
