using System.Net;

namespace Hawser.Kubernetes;

/// <summary>
/// A Kubernetes API call failed with a <c>Status</c>. The message has the form <c>Kind/namespace/name: what went wrong</c>
/// and never contains a secret value.
/// </summary>
public class KubernetesApiException : Exception
{
    public KubernetesApiException(HttpStatusCode code, string reason, string involvedObject, string message, IReadOnlyList<StatusCause>? causes = null, Exception? inner = null)
        : base(involvedObject.Length == 0 ? message : $"{involvedObject}: {message}", inner)
    {
        Code = code;
        Reason = reason;
        InvolvedObject = involvedObject;
        Causes = causes ?? [];
    }

    /// <summary>The HTTP status code.</summary>
    public HttpStatusCode Code { get; }

    /// <summary>The Status reason, e.g. <c>NotFound</c>, <c>Conflict</c>, <c>Invalid</c>.</summary>
    public string Reason { get; }

    /// <summary>The object the call concerned, as <c>Kind/namespace/name</c>; empty for collection calls.</summary>
    public string InvolvedObject { get; }

    /// <summary>Field-level causes (for Invalid and apply conflicts).</summary>
    public IReadOnlyList<StatusCause> Causes { get; }

    /// <summary>
    /// True when an earlier attempt of the same request was retried after a server error or a lost answer, so the server may
    /// have carried it out: an AlreadyExists answer to a retried create may then be the first attempt's own object.
    /// </summary>
    public bool EarlierAttemptMayHaveActed { get; internal set; }
}

/// <summary>One cause in a Status' details.</summary>
public sealed record StatusCause(string Reason, string Message, string Field);

/// <summary>404 NotFound.</summary>
public sealed class NotFoundException(string involvedObject, string message)
    : KubernetesApiException(HttpStatusCode.NotFound, "NotFound", involvedObject, message);

/// <summary>409 AlreadyExists (a create of an existing object).</summary>
public sealed class AlreadyExistsException(string involvedObject, string message)
    : KubernetesApiException(HttpStatusCode.Conflict, "AlreadyExists", involvedObject, message);

/// <summary>409 Conflict: a stale resourceVersion, or server-side apply field conflicts (see <see cref="KubernetesApiException.Causes"/>).</summary>
public sealed class ConflictException(string involvedObject, string message, IReadOnlyList<StatusCause>? causes = null)
    : KubernetesApiException(HttpStatusCode.Conflict, "Conflict", involvedObject, message, causes);

/// <summary>422 Invalid, with field causes.</summary>
public sealed class InvalidException(string involvedObject, string message, IReadOnlyList<StatusCause>? causes = null)
    : KubernetesApiException(HttpStatusCode.UnprocessableEntity, "Invalid", involvedObject, message, causes);

/// <summary>403 Forbidden.</summary>
public sealed class ForbiddenException(string involvedObject, string message)
    : KubernetesApiException(HttpStatusCode.Forbidden, "Forbidden", involvedObject, message);

/// <summary>401 Unauthorized: the credentials were refused.</summary>
public sealed class UnauthorizedException(string involvedObject, string message)
    : KubernetesApiException(HttpStatusCode.Unauthorized, "Unauthorized", involvedObject, message);

/// <summary>410 Gone: a watch or list resourceVersion is older than the server keeps; re-list.</summary>
public sealed class GoneException(string involvedObject, string message)
    : KubernetesApiException(HttpStatusCode.Gone, "Expired", involvedObject, message);

/// <summary>429 TooManyRequests, after the client's retries were spent.</summary>
public sealed class TooManyRequestsException(string involvedObject, string message)
    : KubernetesApiException(HttpStatusCode.TooManyRequests, "TooManyRequests", involvedObject, message);

/// <summary>504/500 with reason Timeout or ServerTimeout.</summary>
public sealed class ServerTimeoutException(string involvedObject, string message)
    : KubernetesApiException(HttpStatusCode.GatewayTimeout, "ServerTimeout", involvedObject, message);

/// <summary>The cluster does not serve a kind (discovery has no mapping for it, even after a refresh).</summary>
public sealed class UnknownKindException(Hawser.Manifests.GroupVersionKind kind, string? message = null)
    : Exception(message ?? $"the cluster has no resource type for {kind.ApiVersion} {kind.Kind} (is its CRD installed?)")
{
    public Hawser.Manifests.GroupVersionKind KindRequested { get; } = kind;
}
