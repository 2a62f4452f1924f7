namespace Hawser.Sandbox.Hosting;

/// <summary>Who a request comes from, as <c>kubectl auth whoami</c> shows it.</summary>
/// <param name="Username">The user name.</param>
/// <param name="Groups">The groups the user is in.</param>
/// <param name="Uid">The service account's uid, for a service account token.</param>
internal sealed record SandboxIdentity(string Username, IReadOnlyList<string> Groups, string? Uid = null)
{
    /// <summary>The holder of the kubeconfig's token: the sandbox's administrator.</summary>
    public static readonly SandboxIdentity Admin = new("sandbox-admin", ["system:masters", "system:authenticated"]);

    /// <summary>A service account, named and grouped as Kubernetes names its tokens' users.</summary>
    public static SandboxIdentity ServiceAccount(string ns, string name, string uid) =>
        new($"system:serviceaccount:{ns}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"], uid);
}
