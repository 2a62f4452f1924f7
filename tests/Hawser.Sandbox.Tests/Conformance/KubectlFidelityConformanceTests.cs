using System.Text.RegularExpressions;
using Hawser.Sandbox.Tests.Support;
using Hawser.Testing;

namespace Hawser.Sandbox.Tests.Conformance;

/// <summary>
/// The real kubectl against the sandbox for behaviour a real API server has beyond the basic verbs: the move from
/// client-side to server-side apply, the <c>/scale</c> subresource, and the status the server initialises.
/// </summary>
public sealed class KubectlFidelityConformanceTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly TempDirectory _work = new("kubectl-fidelity");

    private Kubectl Kubectl => new(sandbox.Server, Path.Combine(_work.Path, "cache"));

    public void Dispose() => _work.Dispose();

    private static string ConfigMap(string ns, string data) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: foo\n  namespace: {ns}\ndata: {{{data}}}\n";

    [Fact]
    public async Task Server_side_apply_takes_over_a_client_side_applied_object_and_keeps_its_data()
    {
        var ns = sandbox.NextName("kc-upgrade");
        await Kubectl.OkAsync("create", "namespace", ns);
        Assert.Equal("configmap/foo created\n", await Kubectl.OkWithInputAsync(ConfigMap(ns, "a: '1', b: '2'"), "apply", "-f", "-"));

        // No --force-conflicts: fields client-side apply set (as its annotation records) move to kubectl without a conflict.
        Assert.Equal("configmap/foo serverside-applied\n", await Kubectl.OkWithInputAsync(ConfigMap(ns, "a: '1', b: '3'"), "apply", "--server-side", "-f", "-"));
        Assert.Equal("""{"a":"1","b":"3"}""", await Kubectl.OkAsync("get", "cm", "foo", "-n", ns, "-o", "jsonpath={.data}"));
        var managers = await Kubectl.OkAsync("get", "cm", "foo", "-n", ns, "--show-managed-fields", "-o", "jsonpath={.metadata.managedFields[*].manager}");
        Assert.Equal("kubectl kubectl-last-applied", managers);

        // kubectl now owns what client-side apply did: a key left out of the next apply is removed.
        Assert.Equal("configmap/foo serverside-applied\n", await Kubectl.OkWithInputAsync(ConfigMap(ns, "a: '1'"), "apply", "--server-side", "--force-conflicts", "-f", "-"));
        Assert.Equal("""{"a":"1"}""", await Kubectl.OkAsync("get", "cm", "foo", "-n", ns, "-o", "jsonpath={.data}"));

        // The annotation follows the server-side configuration, so going back to client-side apply starts from it.
        var annotation = await Kubectl.OkAsync("get", "cm", "foo", "-n", ns, "-o", @"jsonpath={.metadata.annotations.kubectl\.kubernetes\.io/last-applied-configuration}");
        Assert.Contains("\"data\":{\"a\":\"1\"}", annotation);
        Assert.Equal("configmap/foo configured\n", await Kubectl.OkWithInputAsync(ConfigMap(ns, "a: '2'"), "apply", "-f", "-"));
        Assert.Equal("""{"a":"2"}""", await Kubectl.OkAsync("get", "cm", "foo", "-n", ns, "-o", "jsonpath={.data}"));
    }

    [Fact]
    public async Task Server_side_apply_with_force_after_client_side_apply_keeps_the_data()
    {
        var ns = sandbox.NextName("kc-upgrade-force");
        await Kubectl.OkAsync("create", "namespace", ns);
        await Kubectl.OkWithInputAsync(ConfigMap(ns, "a: '1', b: '2'"), "apply", "-f", "-");
        Assert.Equal("configmap/foo serverside-applied\n", await Kubectl.OkWithInputAsync(ConfigMap(ns, "a: '1', b: '3'"), "apply", "--server-side", "--force-conflicts", "-f", "-"));
        Assert.Equal("""{"a":"1","b":"3"}""", await Kubectl.OkAsync("get", "cm", "foo", "-n", ns, "-o", "jsonpath={.data}"));
        var table = await Kubectl.OkAsync("get", "cm", "foo", "-n", ns);
        Assert.Matches(new Regex(@"^foo\s+2\s+\d+s\s*$", RegexOptions.Multiline), table);
    }
}
