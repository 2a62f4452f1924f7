using System.Net;
using System.Net.Sockets;

namespace Hawser.Testing;

/// <summary>
/// Ports for servers that cannot report the port they bound (nginx, docker-registry): ask the OS for a free one,
/// release it, hand it to the server. Fixtures retry on the rare collision.
/// </summary>
public static class FreePort
{
    /// <summary>A port on 127.0.0.1 that was free a moment ago.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/>; false when <paramref name="gaveUp"/> says stop first.</summary>
    public static async Task<bool> WaitUntilListeningAsync(int port, Func<bool> gaveUp, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !gaveUp())
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(25, cancellationToken);
            }
        }
        return false;
    }
}
