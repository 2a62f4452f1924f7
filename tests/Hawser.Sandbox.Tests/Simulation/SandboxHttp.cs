using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Tests.Simulation;

/// <summary>An in-process sandbox on 127.0.0.1 and an HTTP client that trusts it and carries its token.</summary>
internal sealed class SandboxHttp : IAsyncDisposable
{
    private SandboxHttp(SandboxServer server, HttpClient client)
    {
        Server = server;
        Client = client;
    }

    public SandboxServer Server { get; }
    public HttpClient Client { get; }

    public static async Task<SandboxHttp> StartAsync(SandboxOptions options)
    {
        var server = await SandboxServer.StartAsync(options, CancellationToken.None);
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        var client = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        return new SandboxHttp(server, client);
    }

    /// <summary>POSTs a JSON object (single quotes allowed) and returns the created object.</summary>
    public async Task<JsonObject> CreateAsync(string collectionPath, string json)
    {
        using var content = new StringContent(json.Replace('\'', '"'), Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(new Uri(collectionPath, UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {collectionPath}: {(int)response.StatusCode} {body}");
        return (JsonObject)JsonNode.Parse(body)!;
    }

    public async Task<JsonObject> GetAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return (JsonObject)JsonNode.Parse(body)!;
    }

    /// <summary>GETs the object until <paramref name="done"/> holds; fails after <paramref name="timeout"/> showing the last state.</summary>
    public async Task<JsonObject> WaitForAsync(string path, Func<JsonObject, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var obj = await GetAsync(path);
            if (done(obj)) return obj;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{path} never reached the expected state; last: {obj.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    public static string? Condition(JsonObject obj, string type, string field = "status") =>
        obj["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?[field]?.GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
