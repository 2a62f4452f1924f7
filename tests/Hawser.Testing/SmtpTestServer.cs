using System.Text.RegularExpressions;

namespace Hawser.Testing;

/// <summary>
/// A real SMTP server on 127.0.0.1: Debian's aiosmtpd (<c>python3 -m aiosmtpd</c>) with its printing handler, so a test
/// reads every message it accepted (headers and body) from <see cref="Output"/>.
/// </summary>
public sealed partial class SmtpTestServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private const string Module = "/usr/lib/python3/dist-packages/aiosmtpd";
    private readonly BackgroundProcess _process;

    private SmtpTestServer(BackgroundProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>What the server printed: each message accepted, headers then body.</summary>
    public string Output => _process.Output;

    /// <summary>How many messages it accepted.</summary>
    public int MessageCount => MessageMarker().Count(Output);

    [GeneratedRegex("-+ MESSAGE FOLLOWS -+")]
    private static partial Regex MessageMarker();

    /// <summary>Starts the server; fails naming the install step when aiosmtpd is missing.</summary>
    public static async Task<SmtpTestServer> StartAsync()
    {
        if (!File.Exists(Python) || !Directory.Exists(Module))
            throw new InvalidOperationException("the SMTP test server (Debian's python3-aiosmtpd) is not installed; run scripts/setup.sh");
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort.Next();
            var process = BackgroundProcess.Start(Python, ["-u", "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}"]);
            if (await FreePort.WaitUntilListeningAsync(port, () => process.HasExited, TimeSpan.FromSeconds(15), CancellationToken.None))
                return new SmtpTestServer(process, port);
            var output = process.Output;
            await process.DisposeAsync();
            if (attempt >= 2) throw new InvalidOperationException($"aiosmtpd did not start: {output}");
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
