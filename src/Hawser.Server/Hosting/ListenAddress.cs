using System.Net;

namespace Hawser.Server.Hosting;

/// <summary>Parses <c>--listen</c>: <c>HOST:PORT</c>, <c>:PORT</c> (all interfaces) or <c>PORT</c>.</summary>
internal static class ListenAddress
{
    public static IPEndPoint Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? "" : text[..colon].Trim('[', ']');
        var portText = colon < 0 ? text : text[(colon + 1)..];
        if (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw new FormatException($"--listen \"{text}\": expected HOST:PORT, e.g. 127.0.0.1:8080");
        if (host.Length == 0) return new IPEndPoint(IPAddress.Any, port);
        if (host == "localhost") return new IPEndPoint(IPAddress.Loopback, port);
        if (!IPAddress.TryParse(host, out var address))
            throw new FormatException($"--listen \"{text}\": \"{host}\" is not an IP address (use 127.0.0.1 or 0.0.0.0)");
        return new IPEndPoint(address, port);
    }
}
