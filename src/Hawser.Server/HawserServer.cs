using System.Net;
using Hawser.Apps;
using Hawser.Auth;
using Hawser.Controller;
using Hawser.Server.Api;
using Hawser.Server.Hosting;
using Hawser.Webhooks;
using Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hawser.Server;

/// <summary>
/// <c>hawser server</c>: one process hosting the controller (<see cref="AppController"/>) and, on one HTTP port, the health
/// endpoints (<c>/healthz</c>: the process is up; <c>/readyz</c>: every app has been reconciled once), the API and Git
/// webhooks (<c>/api/webhook</c>) and Prometheus metrics (<c>/metrics</c>, no login, <see cref="Observability.HawserMetrics"/>). The host
/// only wires stages together; the work is done in Hawser.Core.
/// </summary>
public sealed class HawserServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ControllerServices _services;
    private readonly string _dataDirectory;

    private readonly AuditRetention _retention;

    private HawserServer(WebApplication app, ControllerServices services, AuditRetention retention, Uri url, string dataDirectory, string localToken)
    {
        _app = app;
        _retention = retention;
        _services = services;
        _dataDirectory = dataDirectory;
        Url = url;
        LocalToken = localToken;
    }

    /// <summary>The server's base URL.</summary>
    public Uri Url { get; }

    /// <summary>The bearer token local clients use (also written to <c>server.json</c> in the data directory).</summary>
    public string LocalToken { get; }

    /// <summary>The controller.</summary>
    public AppController Controller => _services.Controller;

    /// <summary>Notifications (null when no notification service is configured); its counters feed metrics.</summary>
    public Notifications.NotificationController? Notifications => _services.Notifications;

    /// <summary>The state store (for tests and benchmarks).</summary>
    internal State.IStateStore Store => _services.Store;

    /// <summary>Starts the controller and the HTTP endpoint; returns once both run.</summary>
    public static async Task<HawserServer> StartAsync(ServerOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var data = Path.GetFullPath(options.DataDirectory);
        DataDirectory.Prepare(data);
        var webhooks = WebhookSettings.From(options.Settings);
        var services = await ControllerServices.CreateAsync(options with { DataDirectory = data }, loggerFactory, cancellationToken);
        var token = ServerState.NewToken();
        // No configuration file is read, so none is watched (a watcher on the data directory would follow every checkout in it).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "Hawser.Server",
            ContentRootPath = data,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        OpenApiDocs.AddTo(builder.Services);
        var endpoint = ListenAddress.Parse(options.Listen);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            kestrel.Listen(endpoint);
        });
        var oidc = OidcConfig.Read(options.Settings.Config.Access.OidcConfig, options.Settings.References);
        var app = builder.Build();
        var accounts = await CreateAccountsAsync(options, services, data, cancellationToken);
        var rbac = new RbacEnforcer(RbacPolicyReader.Read(options.Settings.Rbac, "argocd-rbac-cm"));
        var projects = AppProjects.FromStore(services.Store).Source;
        var auth = new ApiAuth(accounts, rbac, projects, services.Store.Audit, TimeProvider.System, token);
        app.Use(ApiErrors.CatchAsync);
        app.Use((context, next) => auth.InvokeAsync(context, next));
        SessionApi.Map(app, auth, data);
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", () => services.Controller.IsReady ? Results.Text("ok") : Results.Text("reconciling", statusCode: StatusCodes.Status503ServiceUnavailable));
        ApplicationsApi.Map(app, services.Controller, services.Store, auth);
        ApplicationResourcesApi.Map(app, services.Controller, auth);
        ApplicationHistoryApi.Map(app, services.Controller, services.Store, services.Git, options.Settings.Repositories.CredentialsFor, auth);
        ApplicationStreamApi.Map(app, services.Controller, services.Store, auth, app.Lifetime.ApplicationStopping);
        ApplicationSetsApi.Map(app, services.Controller, services.Store, auth);
        ProjectsApi.Map(app, services.Store, auth);
        ProjectTokensApi.Map(app, auth, projects);
        ClustersApi.Map(app, services.Clusters, services.Controller, auth);
        RepositoriesApi.Map(app, options.Settings.Repositories, services.Renderer, services.Charts, auth);
        SettingsApi.Map(app, options.Settings, oidc);
        AccountApi.Map(app, auth);
        OpenApiDocs.Map(app);
        if (oidc is not null)
        {
            var sso = new OidcLogin(oidc, rbac.Policy.Scopes, TimeProvider.System);
            app.Lifetime.ApplicationStopped.Register(sso.Dispose);
            SsoApi.Map(app, sso, auth, options.Settings.Config.Access.Url);
        }
        WebhookApi.Map(app, new WebhookReceiver(webhooks, services.Controller, loggerFactory.CreateLogger<WebhookReceiver>(), services.Metrics));
        app.MapMetrics("/metrics", services.Metrics.Registry);
        Ui.StaticUi.Use(app, options.UiDirectory, loggerFactory);

        var retention = new AuditRetention(services.Store, options.AuditRetention, TimeProvider.System, loggerFactory.CreateLogger<AuditRetention>());
        try
        {
            await retention.StartAsync(cancellationToken);
            await services.Controller.StartAsync(cancellationToken);
            if (services.Notifications is { } notifications) await notifications.StartAsync(cancellationToken);
            if (services.Images is { } images) await images.StartAsync(cancellationToken);
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await retention.DisposeAsync();
            await app.DisposeAsync();
            await services.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        new ServerState(Environment.ProcessId, url.ToString().TrimEnd('/'), token).Write(data);
        return new HawserServer(app, services, retention, url, data, token) { Accounts = accounts };
    }

    /// <summary>Every endpoint the server maps (for the test that the OpenAPI document lists them all).</summary>
    internal IReadOnlyList<Microsoft.AspNetCore.Routing.RouteEndpoint> Endpoints =>
        _app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints.OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().ToList();

    /// <summary>The audit retention sweep (for tests).</summary>
    internal AuditRetention Retention => _retention;

    /// <summary>Local accounts and tokens (for tests and the admin commands).</summary>
    internal AccountService Accounts { get; private init; } = null!;

    // Accounts from argocd-cm; tokens signed with argocd-secret's server.secretkey (or a generated key); the initial admin
    // password is generated at first start unless argocd-secret holds admin.password.
    private static async Task<AccountService> CreateAccountsAsync(ServerOptions options, ControllerServices services, string data, CancellationToken cancellationToken)
    {
        var settings = options.Settings;
        var issuer = settings.Config.Access.Url ?? "hawser";
        var signer = await AccountService.CreateSignerAsync(services.Store, settings.Secrets.ServerSecretKey?.Reveal(), issuer, TimeProvider.System, cancellationToken);
        var accounts = new AccountService(services.Store, LocalAccounts.Read(settings.Config.Data, "argocd-cm").Accounts, signer, TimeProvider.System, options.Login);
        await accounts.EnsureInitialAdminPasswordAsync(data, settings.Secrets.AdminPassword?.Reveal(), cancellationToken);
        return accounts;
    }

    /// <summary>Stops accepting requests, stops the controller (a running sync stops at its next step, saved for the next
    /// start) and closes the state store.</summary>
    public async ValueTask DisposeAsync()
    {
        ServerState.Remove(_dataDirectory, Environment.ProcessId);
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await _retention.DisposeAsync();
        await _services.DisposeAsync();
    }
}
