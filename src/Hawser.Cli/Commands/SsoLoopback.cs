using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Hawser.Cli.Commands;

/// <summary>
/// <c>hawser login --sso</c>: listens on <c>http://127.0.0.1:PORT/auth/callback/NONCE</c>, opens the browser at the
/// server's <c>/auth/login</c> with that address as <c>return_url</c>, and takes the session token the server's SSO
/// callback sends there (<c>?token=...</c>, see the server's SSO). The random nonce in the path means no other page can hand
/// the CLI a token of its choosing. The browser is <c>$BROWSER</c> when set (called with the URL), else <c>xdg-open</c>
/// (<c>open</c> on macOS); the URL is printed too, for a machine without one.
/// </summary>
internal static class SsoLoopback
{
    /// <summary>Runs the browser login; returns Hawser's session token.</summary>
    /// <exception cref="UsageException">The port is taken, or no token arrived within <paramref name="timeout"/>.</exception>
    public static async Task<string> LoginAsync(string server, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (port == 0) port = FreePort();
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var callbackPath = $"/auth/callback/{nonce}";
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        try
        {
            listener.Start();
        }
        catch (HttpListenerException e)
        {
            throw new UsageException($"cannot listen on 127.0.0.1:{port} for the SSO callback ({e.Message}); choose another with --sso-port");
        }
        var returnUrl = $"http://127.0.0.1:{port}{callbackPath}";
        var loginUrl = $"{server.TrimEnd('/')}/auth/login?return_url={Uri.EscapeDataString(returnUrl)}";
        await Console.Error.WriteLineAsync($"Opening a browser for the SSO login; if none opens, visit:\n  {loginUrl}");
        OpenBrowser(loginUrl);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new UsageException($"no SSO login completed within {DurationText.Format(timeout)}");
            }
            var request = context.Request;
            var token = request.QueryString["token"];
            if (request.Url?.AbsolutePath != callbackPath || string.IsNullOrEmpty(token))
            {
                await RespondAsync(context.Response, HttpStatusCode.NotFound, "Not the Hawser login callback.");
                continue;
            }
            await RespondAsync(context.Response, HttpStatusCode.OK, "Hawser: you are logged in. You may close this window.");
            return token;
        }
    }

    private static void OpenBrowser(string url)
    {
        var browser = Environment.GetEnvironmentVariable("BROWSER") is { Length: > 0 } b ? b : OperatingSystem.IsMacOS() ? "open" : "xdg-open";
        try
        {
            var start = new ProcessStartInfo(browser) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(url);
            using var process = Process.Start(start);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Console.Error.WriteLine($"warning: could not start a browser ({browser}: {e.Message}); open the URL above yourself");
        }
    }

    private static async Task RespondAsync(HttpListenerResponse response, HttpStatusCode status, string message)
    {
        response.StatusCode = (int)status;
        response.ContentType = "text/html; charset=utf-8";
        var body = Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><body><p>{WebUtility.HtmlEncode(message)}</p></body></html>");
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
