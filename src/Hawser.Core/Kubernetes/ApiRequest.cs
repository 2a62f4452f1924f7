using Hawser.Manifests;

namespace Hawser.Kubernetes;

/// <summary>
/// One REST call as the transport sends it (and re-sends it on retry): the body is kept as bytes so each attempt
/// gets a fresh copy. <see cref="InvolvedObject"/> (<c>Kind/namespace/name</c>) prefixes any error.
/// </summary>
internal sealed record ApiRequest(HttpMethod Method, string PathAndQuery, RetryMode Retry, string InvolvedObject)
{
    public const string Json = "application/json";

    public ReadOnlyMemory<byte>? Body { get; init; }
    public string? ContentType { get; init; }
    public string Accept { get; init; } = Json;

    /// <summary>Return as soon as headers arrive and leave the body to the caller (watches); no per-request timeout.</summary>
    public bool Streaming { get; init; }

    /// <summary>Return null instead of throwing on 404 (reads that treat absence as an answer).</summary>
    public bool NotFoundIsNull { get; init; }

    /// <summary>The object sent, so values of a Secret can be masked in error messages.</summary>
    public KubeObject? Sent { get; init; }
}
