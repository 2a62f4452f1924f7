using Hawser.Testing;

namespace Hawser.Core.Tests.Sources;

/// <summary>One smart-HTTP Git server shared by the tests of a class.</summary>
public sealed class GitHttpServerFixture : IAsyncLifetime
{
    private GitHttpServer? _server;

    public GitHttpServer Server => _server ?? throw new InvalidOperationException("the server is not started");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        _server = await GitHttpServer.StartAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
