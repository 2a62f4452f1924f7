using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Core.Tests.Kubernetes;

/// <summary>Retries, timeouts, credentials and error mapping of the transport, against a stub answering with canned faults.</summary>
public sealed class TransportTests
{
    private static readonly KubernetesClientOptions Fast = new(RetryBaseDelay: TimeSpan.FromMilliseconds(5), RetryMaxDelay: TimeSpan.FromSeconds(2), MaxRetries: 3);

    internal static KubernetesTransport Transport(Uri server, KubernetesClientOptions? options = null, ICredentialSource? credentials = null) =>
        new(new ClusterSettings("stub", server, "default", [], false, null, null, credentials ?? new StaticCredentialSource(new ClientCredential("Bearer stub-token", null))),
            options ?? Fast, TimeProvider.System, NullLogger.Instance);

    private static ApiRequest Get(string path = "/api/v1/namespaces/default/configmaps/web") =>
        new(HttpMethod.Get, path, RetryMode.Idempotent, "ConfigMap/default/web");

    private static ApiRequest Create() =>
        new(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", RetryMode.NotIdempotent, "ConfigMap/default/web") { Body = "{}"u8.ToArray() };

    private static Task Ok(HttpContext context) => Answers.Json(context, 200, """{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"web"}}""");

    [Fact]
    public async Task A_429_is_retried_after_the_Retry_After_the_server_asked_for()
    {
        var calls = 0;
        await using var stub = await StubApiServer.StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) > 1) return Ok(context);
            context.Response.Headers.RetryAfter = "1";
            return Answers.Status(context, 429, "TooManyRequests", "slow down");
        });
        using var transport = Transport(stub.BaseAddress);

        var watch = Stopwatch.StartNew();
        using var response = await transport.SendAsync(Get(), TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, response!.StatusCode);
        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal(1, transport.Retries);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_read_answered_500_is_retried_a_bounded_number_of_times_then_fails_with_the_status()
    {
        await using var stub = await StubApiServer.StartAsync(context => Answers.Status(context, 500, "InternalError", "etcd is unhappy"));
        using var transport = Transport(stub.BaseAddress);

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => transport.SendAsync(Get(), TestTimeout.Token()));

        Assert.Equal(HttpStatusCode.InternalServerError, error.Code);
        Assert.Equal("ConfigMap/default/web: etcd is unhappy", error.Message);
        Assert.Equal(1 + Fast.MaxRetries, stub.Requests.Count);
        Assert.Equal(Fast.MaxRetries, transport.Retries);
    }

    [Fact]
    public async Task A_create_answered_500_is_never_sent_twice()
    {
        await using var stub = await StubApiServer.StartAsync(context => Answers.Status(context, 500, "InternalError", "maybe created"));
        using var transport = Transport(stub.BaseAddress);

        await Assert.ThrowsAsync<KubernetesApiException>(() => transport.SendAsync(Create(), TestTimeout.Token()));

        Assert.Single(stub.Requests);
        Assert.Equal(0, transport.Retries);
    }

    [Fact]
    public async Task A_create_answered_429_is_retried_because_the_server_did_not_act()
    {
        var calls = 0;
        await using var stub = await StubApiServer.StartAsync(context =>
            Interlocked.Increment(ref calls) == 1 ? Answers.Status(context, 429, "TooManyRequests", "later") : Answers.Json(context, 201, "{}"));
        using var transport = Transport(stub.BaseAddress);

        using var response = await transport.SendAsync(Create(), TestTimeout.Token());

        Assert.Equal(HttpStatusCode.Created, response!.StatusCode);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task A_read_whose_connection_drops_is_retried()
    {
        var calls = 0;
        await using var stub = await StubApiServer.StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) > 2) return Ok(context);
            context.Abort();
            return Task.CompletedTask;
        });
        using var transport = Transport(stub.BaseAddress);

        using var response = await transport.SendAsync(Get(), TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, response!.StatusCode);
        Assert.Equal(3, stub.Requests.Count);
        Assert.Equal(2, transport.Retries);
    }

    [Fact]
    public async Task A_create_whose_connection_drops_after_sending_is_not_retried()
    {
        await using var stub = await StubApiServer.StartAsync(context =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        using var transport = Transport(stub.BaseAddress);

        await Assert.ThrowsAsync<KubernetesConnectionException>(() => transport.SendAsync(Create(), TestTimeout.Token()));

        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported_as_a_connection_failure()
    {
        using var transport = Transport(new Uri("http://127.0.0.1:9"));

        var error = await Assert.ThrowsAsync<KubernetesConnectionException>(() => transport.SendAsync(Create(), TestTimeout.Token()));

        Assert.Equal(Fast.MaxRetries, transport.Retries);
        Assert.Contains("ConfigMap/default/web", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_outlives_its_timeout_is_retried_then_reported_as_a_server_timeout()
    {
        await using var stub = await StubApiServer.StartAsync(async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(2), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var transport = Transport(stub.BaseAddress, Fast with { RequestTimeout = TimeSpan.FromMilliseconds(200), MaxRetries = 1 });

        await Assert.ThrowsAsync<ServerTimeoutException>(() => transport.SendAsync(Get(), TestTimeout.Token()));

        // Counted on the client: under load the stub may not have read the second request before it was given up.
        Assert.Equal(2, transport.Requests);
        Assert.Equal(1, transport.Retries);
        Assert.InRange(stub.Requests.Count, 1, 2);
    }

    [Fact]
    public async Task Every_request_carries_the_bearer_token_json_accept_gzip_and_the_user_agent()
    {
        await using var stub = await StubApiServer.StartAsync(Ok);
        using var transport = Transport(stub.BaseAddress);

        using var _ = await transport.SendAsync(Get(), TestTimeout.Token());

        var request = Assert.Single(stub.Requests);
        Assert.Equal("Bearer stub-token", request.Headers["Authorization"]);
        Assert.Equal("application/json", request.Headers["Accept"]);
        Assert.Contains("gzip", request.Headers["Accept-Encoding"], StringComparison.Ordinal);
        Assert.StartsWith("hawser", request.Headers["User-Agent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_makes_a_refreshable_credential_refresh_once()
    {
        await using var stub = await StubApiServer.StartAsync(context =>
            context.Request.Headers.Authorization == "Bearer second" ? Ok(context) : Answers.Status(context, 401, "Unauthorized", "Unauthorized"));
        var credentials = new CountingCredentials();
        using var transport = Transport(stub.BaseAddress, credentials: credentials);

        using var response = await transport.SendAsync(Get(), TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, response!.StatusCode);
        Assert.Equal(["Bearer first", "Bearer second"], stub.Requests.Select(r => r.Headers["Authorization"]));
    }

    [Fact]
    public async Task A_401_with_a_fixed_token_fails_at_once_without_showing_the_token()
    {
        await using var stub = await StubApiServer.StartAsync(context => Answers.Status(context, 401, "Unauthorized", "Unauthorized"));
        using var transport = Transport(stub.BaseAddress);

        var error = await Assert.ThrowsAsync<UnauthorizedException>(() => transport.SendAsync(Get(), TestTimeout.Token()));

        Assert.Single(stub.Requests);
        Assert.DoesNotContain("stub-token", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_404_is_null_when_absence_is_an_answer()
    {
        await using var stub = await StubApiServer.StartAsync(context => Answers.Status(context, 404, "NotFound", "configmaps \\\"web\\\" not found"));
        using var transport = Transport(stub.BaseAddress);

        Assert.Null(await transport.SendAsync(Get() with { NotFoundIsNull = true }, TestTimeout.Token()));
        var error = await Assert.ThrowsAsync<NotFoundException>(() => transport.SendAsync(Get(), TestTimeout.Token()));
        Assert.Equal("ConfigMap/default/web: configmaps \"web\" not found", error.Message);
    }

    [Fact]
    public async Task An_error_page_from_a_proxy_becomes_an_exception_with_the_code_and_a_short_excerpt()
    {
        await using var stub = await StubApiServer.StartAsync(context => Answers.Json(context, 502, "<html>bad gateway" + new string('x', 1000) + "</html>", "text/html"));
        using var transport = Transport(stub.BaseAddress, Fast with { MaxRetries = 0 });

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => transport.SendAsync(Get(), TestTimeout.Token()));

        Assert.Equal(HttpStatusCode.BadGateway, error.Code);
        Assert.Contains("502", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400);
    }

    [Fact]
    public async Task A_Secret_value_echoed_by_the_server_is_masked_in_the_error()
    {
        await using var stub = await StubApiServer.StartAsync(context => Answers.Json(context, 422, """
            {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Invalid","code":422,
             "message":"Secret \"db\" is invalid: data[password]: Invalid value: \"hunter2-very-secret\"",
             "details":{"name":"db","kind":"Secret","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: \"hunter2-very-secret\"","field":"data[password]"}]}}
            """));
        using var transport = Transport(stub.BaseAddress);
        var secret = KubeObject.ParseJson("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"default"},"data":{"password":"aHVudGVyMi12ZXJ5LXNlY3JldA=="}}""");

        var error = await Assert.ThrowsAsync<InvalidException>(() => transport.SendAsync(Create() with { Sent = secret, InvolvedObject = "Secret/default/db" }, TestTimeout.Token()));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Secret/default/db: ", error.Message, StringComparison.Ordinal);
        var cause = Assert.Single(error.Causes);
        Assert.Equal("data[password]", cause.Field);
        Assert.DoesNotContain("hunter2", cause.Message, StringComparison.Ordinal);
    }

    private sealed class CountingCredentials : ICredentialSource
    {
        private int _generation = 1;

        public ValueTask<ClientCredential> GetAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(new ClientCredential(_generation == 1 ? "Bearer first" : "Bearer second", null));

        public bool Invalidate()
        {
            _generation++;
            return true;
        }
    }
}
