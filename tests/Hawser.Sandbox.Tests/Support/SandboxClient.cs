using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Tests.Support;

/// <summary>A raw HTTP client for a running sandbox: trusts its CA, sends its token, returns status and JSON.</summary>
internal sealed class SandboxClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly X509Certificate2 _ca;

    public SandboxClient(SandboxServer server, string? token = null)
    {
        _ca = X509Certificate2.CreateFromPem(server.CaCertificatePem);
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) =>
                {
                    if (cert is null) return false;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(_ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(cert));
                },
            },
        };
        _http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? server.Token);
    }

    public HttpClient Http => _http;

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string accept = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (text.Length > 0 && text[0] is '{' or '[') json = JsonNode.Parse(text);
        return new Reply(response.StatusCode, json, text, response.Content.Headers.ContentType?.ToString() ?? "", response.Headers);
    }

    public Task<Reply> GetAsync(string path, string accept = "application/json") => SendAsync(HttpMethod.Get, path, accept: accept);

    public Task<Reply> PostAsync(string path, string body, string contentType = "application/json") => SendAsync(HttpMethod.Post, path, body, contentType);

    public Task<Reply> PutAsync(string path, string body) => SendAsync(HttpMethod.Put, path, body);

    public Task<Reply> PatchAsync(string path, string body, string contentType) => SendAsync(HttpMethod.Patch, path, body, contentType);

    public Task<Reply> DeleteAsync(string path, string? body = null) => SendAsync(HttpMethod.Delete, path, body);

    /// <summary>Creates a namespace and returns its name.</summary>
    public async Task<string> CreateNamespaceAsync(string name)
    {
        var reply = await PostAsync("/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return name;
    }

    /// <summary>Creates a ConfigMap and returns the reply.</summary>
    public async Task<Reply> CreateConfigMapAsync(string ns, string name, string? labels = null, string data = """{"a":"1"}""")
    {
        var reply = await PostAsync($"/api/v1/namespaces/{ns}/configmaps",
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"{{{(labels is null ? "" : ",\"labels\":" + labels)}}}},"data":{{{data}}}}""");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return reply;
    }

    public void Dispose()
    {
        _http.Dispose();
        _ca.Dispose();
    }
}

/// <summary>One HTTP answer.</summary>
internal sealed record Reply(HttpStatusCode Status, JsonNode? Json, string Text, string ContentType, HttpResponseHeaders Headers)
{
    public string Str(string path)
    {
        JsonNode? node = Json;
        foreach (var part in path.Split('.')) node = node is JsonArray a && int.TryParse(part, out var i) ? a[i] : (node as JsonObject)?[part];
        return node?.ToString() ?? "";
    }
}
