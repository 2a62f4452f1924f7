namespace Hawser.Sandbox.Tests.Support;

/// <summary>One in-memory sandbox shared by a test class; each test works in its own namespace.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private SandboxServer? _server;
    private int _counter;

    public SandboxServer Server => _server ?? throw new InvalidOperationException("the sandbox is not started");

    internal SandboxClient Client { get; private set; } = null!;

    /// <summary>A fresh namespace name for one test.</summary>
    public string NextName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _counter)}";

    public async Task InitializeAsync()
    {
        _server = await SandboxServer.StartAsync(new SandboxOptions { BookmarkInterval = TimeSpan.FromMilliseconds(300) }, CancellationToken.None);
        Client = new SandboxClient(_server);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>Polls until a condition holds (for the sandbox's background controllers).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutMs = 20_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        Assert.Fail($"timed out waiting until {what}");
    }
}
