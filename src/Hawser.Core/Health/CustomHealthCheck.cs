namespace Hawser.Health;

/// <summary>
/// One custom health check: a Lua script for the kinds matching <paramref name="Group"/> and <paramref name="Kind"/>
/// (either may be <c>*</c> or contain <c>*</c> wildcards, e.g. <c>*.crossplane.io</c>).
/// </summary>
/// <param name="Group">API group, empty for the core group.</param>
/// <param name="Kind">Kind, e.g. <c>Certificate</c>.</param>
/// <param name="Script">Lua source in Argo CD's contract: reads <c>obj</c>, returns <c>{status = ..., message = ...}</c>.</param>
/// <param name="Origin">Where the script came from, e.g. the argocd-cm key, for messages.</param>
public sealed record CustomHealthCheck(string Group, string Kind, string Script, string Origin)
{
    /// <summary>The name used in messages: <c>Kind.group</c>, or just the kind for the core group.</summary>
    public string Name => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    /// <summary>True when the pattern contains no wildcard.</summary>
    public bool IsExact => !Group.Contains('*', StringComparison.Ordinal) && !Kind.Contains('*', StringComparison.Ordinal);
}
