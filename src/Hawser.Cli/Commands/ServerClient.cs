using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Hawser.Server.Hosting;

namespace Hawser.Cli.Commands;

/// <summary>
/// The CLI's client of a running <c>hawser server</c>, found in this order: <c>--server URL</c> (or <c>HAWSER_SERVER</c>)
/// with <c>--auth-token</c> (or <c>HAWSER_AUTH_TOKEN</c>, else the token of a context of that server); the current context
/// of <see cref="ClientConfig"/> (<c>hawser login</c>); else the server running on this machine for the data directory
/// (found through its <c>server.json</c>, acting as admin).
/// </summary>
internal sealed class ServerClient : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="url">The server's base URL.</param>
    /// <param name="token">The bearer token, or null to call without one (login).</param>
    public ServerClient(string url, string? token)
    {
        _http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
        if (token is { Length: > 0 }) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Url = url;
        Token = token;
    }

    /// <summary>The server's base URL.</summary>
    public string Url { get; }

    /// <summary>The bearer token sent, or null.</summary>
    public string? Token { get; }

    /// <summary>A client of the server named by the flags or environment, else of the current context, else of the local
    /// server; null when there is none.</summary>
    /// <exception cref="UsageException">The server address or the client configuration is not valid.</exception>
    public static ServerClient? Find(string? server, string? token, string? dataDirectory)
    {
        server ??= Environment.GetEnvironmentVariable("HAWSER_SERVER");
        token ??= Environment.GetEnvironmentVariable("HAWSER_AUTH_TOKEN");
        if (server is { Length: > 0 })
        {
            var url = ClientConfig.Normalize(server);
            if (token is not { Length: > 0 })
            {
                var known = ClientConfig.Load();
                if (known.ForServer(url) is { } context) token = known.TokenOf(context);
            }
            return new ServerClient(url, token);
        }
        var config = ClientConfig.Load();
        if (config.Current is { } current) return new ServerClient(current.Server, token is { Length: > 0 } ? token : config.TokenOf(current));
        var local = ServerState.Read(Path.GetFullPath(dataDirectory ?? AppEnvironment.DefaultDataDirectory));
        return local is null ? null : new ServerClient(local.Url, local.LocalToken);
    }

    /// <summary>A GET of an API path that must answer 200 with a JSON object.</summary>
    public Task<JsonObject> GetJsonAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    /// <summary>A request to an API path that must answer 200 with a JSON object.</summary>
    public Task<JsonObject> SendJsonAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken) =>
        SendAsync(method, path, body, cancellationToken);

    /// <summary>Every application, with its status.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(CancellationToken cancellationToken)
    {
        var body = await SendAsync(HttpMethod.Get, "api/v1/applications", null, cancellationToken);
        return (body["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
    }

    /// <summary>One application; <paramref name="refresh"/> ("normal" or "hard") refreshes it first.</summary>
    public Task<JsonObject> GetAsync(string name, string? refresh, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"api/v1/applications/{Uri.EscapeDataString(name)}" + (refresh is null ? "" : $"?refresh={refresh}"), null, cancellationToken);

    /// <summary>Asks for a sync; returns the application as it was when the request was queued.</summary>
    public Task<JsonObject> SyncAsync(string name, JsonObject request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/v1/applications/{Uri.EscapeDataString(name)}/sync", request, cancellationToken);

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonObject? json = null;
        try
        {
            json = JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            // Reported below with the status.
        }
        if (response.IsSuccessStatusCode && json is not null) return json;
        var message = json?["message"]?.GetValue<string>() ?? text;
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) throw new UsageException(message);
        var hint = response.StatusCode == System.Net.HttpStatusCode.Unauthorized ? $" (log in with 'hawser login {ClientConfig.ContextName(Url)}', or pass --auth-token)" : "";
        throw new HttpRequestException($"{Url}: {(int)response.StatusCode} {message}{hint}");
    }

    public void Dispose() => _http.Dispose();
}
