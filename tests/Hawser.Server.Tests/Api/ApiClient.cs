using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Hawser.Server.Tests.Api;

/// <summary>A plain HTTP client of the running server's API, as a script would call it.</summary>
internal sealed class ApiClient(Uri server) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };

    public HttpClient Http => _http;

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await _http.SendAsync(request);
    }

    /// <summary>The JSON answer of a request that must succeed with 200.</summary>
    public async Task<JsonObject> JsonAsync(HttpMethod method, string path, string? token, JsonNode? body = null)
    {
        using var response = await SendAsync(method, path, token, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public Task<JsonObject> GetAsync(string path, string? token) => JsonAsync(HttpMethod.Get, path, token);

    public async Task<(HttpStatusCode Status, JsonObject? Body)> TryAsync(HttpMethod method, string path, string? token, JsonNode? body = null)
    {
        using var response = await SendAsync(method, path, token, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : null);
    }

    /// <summary>The names of the items of a list answer.</summary>
    public static List<string> Names(JsonObject list, string field = "name") =>
        list["items"]!.AsArray().Select(i => (i![field] ?? i["metadata"]![field])!.GetValue<string>()).ToList();

    public void Dispose() => _http.Dispose();
}
