using Hawser.Kubernetes;
using Hawser.Sandbox;

namespace Hawser.Core.Tests.Sync.Sandbox;

/// <summary>One real sandbox API server on 127.0.0.1 and the real client connected to it through its kubeconfig.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private SandboxServer? _server;
    private KubernetesConnection? _connection;

    public IKubernetesClient Client => _connection!.Client;

    public async Task InitializeAsync()
    {
        _server = await SandboxServer.StartAsync(new SandboxOptions(), CancellationToken.None);
        _connection = KubernetesClientFactory.FromKubeconfig(_server.KubeconfigPath);
    }

    public async Task DisposeAsync()
    {
        _connection?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }
}
