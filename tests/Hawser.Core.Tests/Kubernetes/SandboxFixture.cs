using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.Sandbox;

namespace Hawser.Core.Tests.Kubernetes;

/// <summary>One sandbox (HTTPS, in memory) and a client connected with its kubeconfig, shared by a test class.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public SandboxServer Server { get; private set; } = null!;

    public KubernetesConnection Connection { get; private set; } = null!;

    public IKubernetesClient Client => Connection.Client;

    internal KubernetesTransport Transport => ((KubernetesClient)Connection.Client).Transport;

    public async Task InitializeAsync()
    {
        Server = await SandboxServer.StartAsync(new SandboxOptions(), TestTimeout.Token());
        Connection = KubernetesClientFactory.FromKubeconfig(Server.KubeconfigPath);
    }

    public async Task DisposeAsync()
    {
        Connection.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>Creates (applies) a namespace with a unique name for one test.</summary>
    public async Task<string> NamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 9, 63)];
        await Client.ApplyAsync(Objects.Namespace(name), new ApplyOptions(), TestTimeout.Token());
        return name;
    }
}

/// <summary>Test objects.</summary>
internal static class Objects
{
    public static readonly GroupVersionKind ConfigMap = new("", "v1", "ConfigMap");
    public static readonly GroupVersionKind Namespaces = new("", "v1", "Namespace");

    public static KubeObject Namespace(string name) =>
        KubeObject.ParseJson($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""");

    public static KubeObject ConfigMapOf(string ns, string name, string value = "1", string labels = "{}") =>
        KubeObject.ParseJson($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}","labels":{{{labels}}}},"data":{"key":"{{{value}}}"}}""");
}
