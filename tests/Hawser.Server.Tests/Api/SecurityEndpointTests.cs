using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Hawser.Server.Tests.Api;

/// <summary>
/// Every endpoint the running server registered, taken from its endpoint data source (never a hand list, so a new
/// endpoint is covered the day it is added): none answers without a token but the documented open ones; none puts a
/// credential or a Secret value in a response; none crashes on an oversized or deeply nested body.
/// </summary>
public sealed class SecurityEndpointTests(SecurityServer fixture) : IClassFixture<SecurityServer>
{
    // Open by design: health (/healthz, /readyz), Prometheus metrics (docs/metrics.md: no login, as Argo CD's metrics
    // ports), login, the version and the login page's settings, the SSO flow, and Git webhooks (they prove themselves with
    // the provider's secret).
    private static readonly HashSet<string> Open = new(StringComparer.Ordinal)
    {
        "GET /healthz", "GET /readyz", "GET /metrics", "POST /api/v1/session", "GET /api/version", "GET /api/v1/settings",
        "GET /auth/login", "GET /auth/callback", "POST /api/webhook",
    };

    private ApiClient Api => fixture.Api;

    private IEnumerable<(string Method, RouteEndpoint Endpoint)> Endpoints() =>
        fixture.Harness.Server!.Endpoints.SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e)));

    private static string Key(string method, RouteEndpoint endpoint) => $"{method} /{endpoint.RoutePattern.RawText!.TrimStart('/')}";

    // The pattern with its parameters filled in by <paramref name="value"/>.
    private static string PathOf(RouteEndpoint endpoint, Func<string, string> value)
    {
        var path = endpoint.RoutePattern.RawText!.TrimStart('/');
        foreach (var parameter in endpoint.RoutePattern.Parameters)
            path = path.Replace("{" + (parameter.IsCatchAll ? "**" : "") + parameter.Name + "}", value(parameter.Name), StringComparison.Ordinal);
        return path;
    }

    [Fact]
    public async Task No_registered_endpoint_answers_without_a_token_but_the_documented_open_ones()
    {
        var endpoints = Endpoints().ToList();
        Assert.True(endpoints.Count > 30, $"only {endpoints.Count} endpoints were found: the enumeration is broken");
        var seenOpen = new List<string>();
        foreach (var (method, endpoint) in endpoints)
        {
            var key = Key(method, endpoint);
            if (Open.Contains(key))
            {
                seenOpen.Add(key);
                continue;
            }
            var path = PathOf(endpoint, name => name == "subresource" ? "proj-a/a-web" : "x");
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            using var response = await Api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{key} answered {(int)response.StatusCode} without a token");
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal(16, body["code"]!.GetValue<int>());
        }
        // The open list is exact: an endpoint documented as open that is gone would leave a stale entry.
        Assert.Equal(Open.Order(StringComparer.Ordinal), seenOpen.Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(endpoints, e => Key(e.Method, e.Endpoint) == "GET /api/v1/audit");
    }

    [Fact]
    public async Task A_token_sent_to_an_open_endpoint_is_still_checked()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.TryAsync(HttpMethod.Get, "api/v1/settings", "not-a-token")).Status);
        var open = await Api.GetAsync("api/v1/settings", null);
        Assert.Null(open["kustomizeOptions"]);
    }

    [Fact]
    public async Task No_response_of_any_get_endpoint_holds_a_credential_or_secret_value()
    {
        var forbidden = new[] { SecurityServer.RepoPassword, SecurityServer.ClusterToken, SecurityServer.SecretValue, SecurityServer.AlicePassword,
            Hawser.Testing.TestOidcProvider.ClientSecret };
        var alice = await fixture.LoginAsync();
        var checkedPaths = 0;
        foreach (var (method, endpoint) in Endpoints().Where(e => e.Method == "GET"))
        {
            var pattern = endpoint.RoutePattern.RawText!;
            if (pattern.Contains("stream", StringComparison.Ordinal) || pattern.StartsWith("/auth/", StringComparison.Ordinal)) continue;
            var path = PathOf(endpoint, name => (pattern, name) switch
            {
                (_, "subresource") => "proj-a/a-web",
                (_, "resource") => "applications",
                (_, "action") => "get",
                (_, "revision") => "HEAD",
                (_, "server") => "far",
                (_, "repo") => Uri.EscapeDataString("https://git.invalid/private.git"),
                _ when pattern.StartsWith("/api/v1/applications/", StringComparison.Ordinal) => "a-web",
                _ when pattern.StartsWith("/api/v1/projects/", StringComparison.Ordinal) => "proj-a",
                _ when pattern.StartsWith("/api/v1/account/", StringComparison.Ordinal) => "alice",
                _ => "x",
            });
            foreach (var token in new[] { fixture.Admin, alice })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await Api.Http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                fixture.Harness.RecordApiResponse(body);
                Assert.True((int)response.StatusCode < 500, $"GET {path}: {(int)response.StatusCode} {body}");
                foreach (var value in forbidden) Assert.False(body.Contains(value, StringComparison.Ordinal), $"GET {path} answered a secret value");
                checkedPaths++;
            }
        }
        Assert.True(checkedPaths > 30, $"only {checkedPaths} responses were checked");
        // The deployed Secret was among what was read: the check above covered it.
        var managed = await Api.GetAsync("api/v1/applications/a-web/managed-resources?kind=Secret", fixture.Admin);
        Assert.Contains(managed["items"]!.AsArray(), i => i!["name"]!.GetValue<string>() == "creds" && i["liveState"]!.GetValue<string>().Contains("password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Oversized_and_deeply_nested_bodies_are_refused_on_every_endpoint_that_takes_one_and_the_server_stays_up()
    {
        var nested = new StringBuilder();
        for (var i = 0; i < 500; i++) nested.Append("{\"a\":[");
        nested.Append('1');
        for (var i = 0; i < 500; i++) nested.Append("]}");
        var oversized = "{\"username\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        // These read a JSON body: each must refuse both with its error body.
        var reading = new HashSet<string>(StringComparer.Ordinal)
        {
            "POST /api/v1/session", "PUT /api/v1/account/password", "POST /api/v1/account/{name}/token",
            "POST /api/v1/applications/{name}/sync", "POST /api/v1/applications/{name}/rollback",
        };
        var seen = 0;
        foreach (var (method, endpoint) in Endpoints().Where(e => e.Method is "POST" or "PUT" or "DELETE"))
        {
            var key = Key(method, endpoint);
            // Real names where the body is read (so the refusal is the body's), none for a DELETE (which must not delete anything).
            var path = PathOf(endpoint, name => method == "DELETE" || name != "name" ? "x" : key.Contains("account", StringComparison.Ordinal) ? "alice" : "ab-web");
            foreach (var (body, expected) in new[] { (nested.ToString(), HttpStatusCode.BadRequest), (oversized, HttpStatusCode.RequestEntityTooLarge) })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Admin);
                // As curl does for a large upload: the server may refuse on the headers (Content-Length) before the body is sent.
                request.Headers.ExpectContinue = body.Length > 1024 * 1024;
                // A connection the server closes after refusing a body is never reused for the next request.
                request.Headers.ConnectionClose = true;
                HttpResponseMessage response;
                try
                {
                    response = await Api.Http.SendAsync(request);
                }
                catch (HttpRequestException e) when (reading.Contains(key))
                {
                    throw new InvalidOperationException($"{key} with a body of {body.Length} bytes: {e.Message}", e);
                }
                catch (HttpRequestException e)
                {
                    // An endpoint that takes no body answers without reading it; Kestrel then closes the connection rather
                    // than read past its limit, which the client may see before the answer. Refused, not crashed.
                    Assert.True(body.Length > 1024 * 1024, $"{key}: {e.Message}");
                    continue;
                }
                using var _ = response;
                var text = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode < 500, $"{key}: {(int)response.StatusCode} {text}");
                if (!reading.Contains(key)) continue;
                Assert.True(response.StatusCode == expected, $"{key}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
                Assert.NotNull(JsonNode.Parse(text)!["message"]);
                seen++;
            }
        }
        Assert.Equal(reading.Count * 2, seen);
        Assert.Equal(HttpStatusCode.OK, (await Api.TryAsync(HttpMethod.Get, "healthz", null)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.TryAsync(HttpMethod.Get, "api/v1/applications", fixture.Admin)).Status);
    }
}
