using System.Net;
using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Controllers;
using Hawser.Sandbox.Hosting;
using Hawser.Sandbox.Http;
using Hawser.Sandbox.Storage;
using Hawser.Sandbox.Writes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Sandbox;

/// <summary>
/// A Kubernetes-API-compatible server on 127.0.0.1 (HTTPS with its own CA, bearer token), for kubectl, Hawser and tests.
/// No nodes and no pods: it stores objects and serves the API (discovery, OpenAPI, CRUD, patch and server-side apply,
/// watch, tables, CRDs, deletion with finalizers and garbage collection). Start it with <see cref="StartAsync"/>, point
/// kubectl at <see cref="KubeconfigPath"/>, dispose to stop.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private readonly WebApplication _app;
    private readonly ObjectStore _store;
    private readonly ControllerLoop _controllers;
    private Simulation.WorkloadSimulator? _simulator;
    private readonly string? _temporaryDirectory;
    private readonly ILogger _logger;

    private SandboxServer(WebApplication app, ObjectStore store, ControllerLoop controllers, ApiServices api, Uri baseAddress,
        string kubeconfigPath, string token, string caPem, string dataDirectory, string? temporaryDirectory, ILogger logger)
    {
        _app = app;
        _store = store;
        _controllers = controllers;
        Api = api;
        BaseAddress = baseAddress;
        KubeconfigPath = kubeconfigPath;
        Token = token;
        CaCertificatePem = caPem;
        DataDirectory = dataDirectory;
        _temporaryDirectory = temporaryDirectory;
        _logger = logger;
    }

    /// <summary><c>https://127.0.0.1:PORT</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The port actually bound.</summary>
    public int Port => BaseAddress.Port;

    /// <summary>A kubeconfig with the CA embedded and the bearer token; context <c>hawser-sandbox</c>.</summary>
    public string KubeconfigPath { get; }

    /// <summary>The bearer token every API request must carry.</summary>
    public string Token { get; }

    /// <summary>The CA certificate (PEM) that signed the server certificate.</summary>
    public string CaCertificatePem { get; }

    /// <summary>The data directory in use (a temporary one when <see cref="SandboxOptions.DataDirectory"/> is null).</summary>
    public string DataDirectory { get; }

    /// <summary>How many requests of each sort the sandbox served (for benchmarks).</summary>
    internal Http.RequestCounters Requests { get; private init; } = new();

    /// <summary>The object store, for in-process controllers (workload simulation) and tests. See <see cref="IObjectStore"/>.</summary>
    internal IObjectStore Store => _store;

    /// <summary>Store, registry, write and delete paths: what an in-process controller uses to act like an API client.</summary>
    internal ApiServices Api { get; }

    public static async Task<SandboxServer> StartAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("Hawser.Sandbox");
        var time = options.TimeProvider ?? TimeProvider.System;
        string? temporary = null;
        var dataDirectory = options.DataDirectory;
        if (dataDirectory is null)
        {
            temporary = Path.Combine(Path.GetTempPath(), $"hawser-sandbox-{Guid.NewGuid():N}");
            dataDirectory = temporary;
        }
        dataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(dataDirectory);

        var certificates = SandboxCertificates.LoadOrCreate(dataDirectory, time);
        var token = BearerToken.LoadOrCreate(Path.Combine(dataDirectory, "token"), time);
        IStorePersistence? persistence = options.DataDirectory is null ? null : new SqlitePersistence(Path.Combine(dataDirectory, "objects.db"));
        var store = new ObjectStore(options.WatchHistorySize, persistence);
        var registry = new ResourceRegistry();
        var api = new ApiServices(store, registry, time, options);
        api.Writer.RefreshCrds();
        Bootstrap(api);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Hawser.Sandbox", ContentRootPath = dataDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes + 1024;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificates.ServerCertificate);
            });
        });
        var app = builder.Build();
        var dispatcher = new RequestDispatcher(api, token, logger);
        app.Run(new Faults.FaultInjector(options.Faults, time, logger).Wrap(dispatcher.HandleAsync));
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port;
        var baseAddress = new Uri($"https://127.0.0.1:{port}");
        api.ServerAddress = $"127.0.0.1:{port}";
        var kubeconfig = Path.Combine(dataDirectory, "kubeconfig");
        KubeconfigWriter.Write(kubeconfig, baseAddress, certificates.CaCertificatePem, token.Value);

        var gc = new GarbageCollector(api);
        var namespaces = new NamespaceLifecycle(api);
        var crds = new CrdLifecycle(api);
        var controllers = new ControllerLoop(store, [("garbage-collector", gc.OnEvent), ("namespace", namespaces.OnEvent), ("crd", crds.OnEvent)], logger,
            _ => ResumeTermination(api, namespaces));
        SandboxLog.Started(logger, baseAddress, dataDirectory);
        return new SandboxServer(app, store, controllers, api, baseAddress, kubeconfig, token.Value, certificates.CaCertificatePem, dataDirectory, temporary, logger)
        {
            _simulator = options.Simulation.Enabled ? new Simulation.WorkloadSimulator(store, options.Simulation, time, logger) : null,
            Requests = dispatcher.Requests,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_simulator is not null) await _simulator.DisposeAsync();
        await _controllers.DisposeAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _store.Dispose();
        SandboxLog.Stopped(_logger);
        if (_temporaryDirectory is not null)
        {
            try { Directory.Delete(_temporaryDirectory, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static void Bootstrap(ApiServices api)
    {
        var namespaces = api.Registry.Current.Find("", "v1", "namespaces")!;
        foreach (var name in SystemNamespaces)
        {
            if (api.Store.Get(namespaces.GroupResource, "", name) is not null) continue;
            var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };
            api.Writer.Create(namespaces, null, body, WriteRequest.Internal);
        }
    }

    /// <summary>After a restart, namespaces that were terminating carry on.</summary>
    private static void ResumeTermination(ApiServices api, NamespaceLifecycle namespaces)
    {
        foreach (var ns in api.Store.List(new GroupResource("", "namespaces"), null).Items.Where(n => n.IsTerminating))
            namespaces.Drain(ns.Name);
    }
}
