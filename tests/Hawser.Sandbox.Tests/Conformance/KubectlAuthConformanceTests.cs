using Hawser.Sandbox.Tests.Support;
using Hawser.Testing;

namespace Hawser.Sandbox.Tests.Conformance;

/// <summary>
/// The real kubectl's authentication and authorization verbs against the sandbox: <c>auth can-i</c> (a protobuf
/// SelfSubjectAccessReview), <c>auth can-i --list</c>, <c>auth whoami</c>, and <c>create token</c> whose token then works as a
/// credential of its service account.
/// </summary>
public sealed class KubectlAuthConformanceTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly TempDirectory _work = new("kubectl-auth");

    private Kubectl Kubectl => new(sandbox.Server, Path.Combine(_work.Path, "cache"));

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Auth_can_i_answers_yes_for_the_administrator_and_the_rules_list_says_everything()
    {
        Assert.Equal("yes\n", await Kubectl.OkAsync("auth", "can-i", "create", "deployments"));
        Assert.Equal("yes\n", await Kubectl.OkAsync("auth", "can-i", "get", "/healthz"));
        var rules = await Kubectl.OkAsync("auth", "can-i", "--list");
        Assert.Contains("*.*", rules, StringComparison.Ordinal);
        Assert.Contains("[*]", rules, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auth_whoami_names_the_kubeconfig_user_and_a_created_token_acts_as_its_service_account()
    {
        var whoami = await Kubectl.OkAsync("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");
        Assert.Equal("sandbox-admin", whoami);

        var ns = sandbox.NextName("kc-token");
        await Kubectl.OkAsync("create", "namespace", ns);
        await Kubectl.OkAsync("create", "serviceaccount", "robot", "-n", ns);
        var uid = await Kubectl.OkAsync("get", "serviceaccount", "robot", "-n", ns, "-o", "jsonpath={.metadata.uid}");
        var token = (await Kubectl.OkAsync("create", "token", "robot", "-n", ns, "--duration", "15m")).Trim();
        Assert.Equal(3, token.Split('.').Length);

        var asRobot = await Kubectl.OkAsync("--token", token, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.uid} {.status.userInfo.groups}");
        Assert.Equal($"system:serviceaccount:{ns}:robot {uid} [\"system:serviceaccounts\",\"system:serviceaccounts:{ns}\",\"system:authenticated\"]", asRobot);
        Assert.Contains(ns, await Kubectl.OkAsync("--token", token, "get", "namespaces", "-o", "name"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_another_audience_or_with_a_changed_signature_is_refused_as_a_credential()
    {
        var ns = sandbox.NextName("kc-token-bad");
        await Kubectl.OkAsync("create", "namespace", ns);
        await Kubectl.OkAsync("create", "serviceaccount", "robot", "-n", ns);

        var elsewhere = (await Kubectl.OkAsync("create", "token", "robot", "-n", ns, "--audience", "https://vault.example.com")).Trim();
        var refused = await Kubectl.RunAsync(["--token", elsewhere, "get", "namespaces"]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("You must be logged in to the server", refused.StandardError, StringComparison.Ordinal);

        var token = (await Kubectl.OkAsync("create", "token", "robot", "-n", ns)).Trim();
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        var forged = await Kubectl.RunAsync(["--token", tampered, "get", "namespaces"]);
        Assert.NotEqual(0, forged.ExitCode);
        Assert.Contains("You must be logged in to the server", forged.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_token_refuses_a_missing_service_account_and_a_lifetime_under_ten_minutes()
    {
        var missing = await Kubectl.RunAsync(["create", "token", "nobody"]);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("serviceaccounts \"nobody\" not found", missing.StandardError, StringComparison.Ordinal);

        var ns = sandbox.NextName("kc-token-short");
        await Kubectl.OkAsync("create", "namespace", ns);
        await Kubectl.OkAsync("create", "serviceaccount", "robot", "-n", ns);
        var brief = await Kubectl.RunAsync(["create", "token", "robot", "-n", ns, "--duration", "1m"]);
        Assert.NotEqual(0, brief.ExitCode);
        Assert.Contains("spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes", brief.StandardError, StringComparison.Ordinal);
    }
}
