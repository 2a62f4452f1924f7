using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Hawser.Testing;

/// <summary>One request an <see cref="HttpReceiver"/> received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The raw path and query.</param>
/// <param name="Headers">The headers (names lower-cased; content headers included).</param>
/// <param name="Body">The body as UTF-8 text.</param>
public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>A header's value, or null.</summary>
    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}

/// <summary>
/// A local HTTP endpoint on 127.0.0.1 standing in for a chat service or webhook: records every request and answers with
/// the next queued response (default 200 with <see cref="DefaultBody"/>).
/// </summary>
public sealed class HttpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(int Status, string Body)> _responses = new();
    private readonly List<ReceivedRequest> _requests = [];
    private readonly Task _loop;

    private HttpReceiver(int port)
    {
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The base URL, without a trailing slash.</summary>
    public string Url { get; }

    /// <summary>The body of the default answer.</summary>
    public string DefaultBody { get; set; } = "{}";

    /// <summary>Starts a receiver on a free port.</summary>
    public static HttpReceiver Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new HttpReceiver(FreePort.Next());
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // The port was taken meanwhile: try another.
            }
        }
    }

    /// <summary>Answers the next request with <paramref name="status"/> and <paramref name="body"/>.</summary>
    public void Enqueue(int status, string body) => _responses.Enqueue((status, body));

    /// <summary>The requests received so far, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_requests) return _requests.ToList();
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k]!, StringComparer.Ordinal);
            lock (_requests) _requests.Add(new ReceivedRequest(context.Request.HttpMethod, context.Request.RawUrl ?? "", headers, body));
            var (status, answer) = _responses.TryDequeue(out var queued) ? queued : (200, DefaultBody);
            context.Response.StatusCode = status;
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // HttpListener may look its port up again while closing and find it reused by another test: it is closed anyway.
        }
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
