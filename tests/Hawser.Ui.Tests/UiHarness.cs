using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hawser.Auth;
using Hawser.Controller;
using Hawser.Sandbox;
using Hawser.Server;
using Hawser.Settings;
using Hawser.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;

namespace Hawser.Ui.Tests;

/// <summary>
/// The web UI in a real setting: the example config repo (<c>examples/config-repo</c>) committed to a Git repository, the
/// sandbox, <c>hawser server</c> on its root app serving the built UI (<c>ui/dist</c>), an admin and a read-only account
/// (<c>viewer</c>, <c>role:readonly</c>), SSO through a real OpenID Connect provider (<see cref="Oidc"/>, its
/// <c>ui-viewers</c> group mapped to <c>role:readonly</c>), and Debian's headless Chromium driven by Playwright. Screenshots go to
/// <see cref="ScreenshotDirectory"/>.
/// </summary>
public sealed class UiHarness : IAsyncLifetime
{
    public const string ViewerPassword = "viewer-password-1";
    private const string ExampleRepoUrl = "https://github.com/hawser-dev/config-repo.git";
    private readonly TempDirectory _dir = new("hawser-ui");
    private IPlaywright? _playwright;

    public SandboxServer Sandbox { get; private set; } = null!;

    /// <summary>The OpenID Connect provider of <c>oidc.config</c>; it signs in whoever its <c>User</c> names.</summary>
    public TestOidcProvider Oidc { get; private set; } = null!;

    public GitTestRepository Repo { get; private set; } = null!;

    public HawserServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string AdminPassword { get; private set; } = "";

    public AppController Controller => Server.Controller;

    /// <summary>Where tests save screenshots: <c>screenshots/</c> in the test output folder.</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var ui = Path.Combine(RepositoryPaths.Root, "ui", "dist");
        if (!File.Exists(Path.Combine(ui, "index.html")))
            throw new InvalidOperationException($"the web UI is not built ({ui}/index.html is missing): run scripts/setup.sh (npm ci && npm run build in ui/)");
        var chromium = Tools.Require("chromium", "/usr/bin");
        Sandbox = await SandboxServer.StartAsync(new SandboxOptions { Simulation = new Sandbox.Simulation.SimulationOptions { Delay = TimeSpan.FromMilliseconds(100) } }, CancellationToken.None);
        Repo = await GitTestRepository.InitAsync(Path.Combine(_dir.Path, "config"), CancellationToken.None);
        var examples = Path.Combine(RepositoryPaths.Root, "examples", "config-repo");
        var files = new Dictionary<string, string>();
        foreach (var file in Directory.EnumerateFiles(examples, "*", SearchOption.AllDirectories))
            files[Path.GetRelativePath(examples, file)] = (await File.ReadAllTextAsync(file)).Replace(ExampleRepoUrl, "file://" + Repo.Path, StringComparison.Ordinal);
        await Repo.Write(files).CommitAsync("example config repo", CancellationToken.None);

        Oidc = await TestOidcProvider.StartAsync();
        var settingsDir = Path.Combine(_dir.Path, "settings");
        Directory.CreateDirectory(settingsDir);
        await Oidc.WriteArgoCdSettingsAsync(settingsDir, "openid, profile, email, groups", TestOidcProvider.ClientSecret, "accounts.viewer: login");
        await File.WriteAllTextAsync(Path.Combine(settingsDir, "argocd-rbac-cm.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-rbac-cm}
            data:
              policy.csv: |
                g, viewer, role:readonly
                g, ui-viewers, role:readonly
            """);
        var settings = await HawserSettings.LoadAsync(new DirectorySettingsSource(settingsDir), CancellationToken.None);
        var controller = ControllerOptions.Default with
        {
            ReconcileInterval = TimeSpan.FromMinutes(5),
            ReconcileJitter = TimeSpan.Zero,
            RepoPollInterval = TimeSpan.FromSeconds(1),
        };
        var data = Path.Combine(_dir.Path, "data");
        Server = await HawserServer.StartAsync(
            new ServerOptions("127.0.0.1:0", data, [new RootSource.File(Path.Combine(Repo.Path, "apps", "root.yaml"))], Sandbox.KubeconfigPath, null, controller)
            {
                Settings = settings,
                Login = LoginPolicy.Default with { HashWorkFactor = 4 },
                AllowedKustomizeBuildOptions = ["--load-restrictor", "LoadRestrictionsNone"],
                HealthTimeout = TimeSpan.FromSeconds(30),
                UiDirectory = ui,
            },
            NullLoggerFactory.Instance,
            CancellationToken.None);
        AdminPassword = (await File.ReadAllTextAsync(Path.Combine(data, AccountService.InitialPasswordFile))).Trim();
        await SetPasswordAsync("viewer", ViewerPassword);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser context (no session) with a page on the server, laptop-sized.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.Url.ToString(), ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Opens the login page and logs in; returns once the application list shows.</summary>
    public static async Task LoginAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("Username").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Log in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Applications" })).ToBeVisibleAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = false });

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        EventuallyAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline) Assert.Fail($"timed out waiting for: {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>The app's sync and health as the API reports them (the local token: what any admin sees).</summary>
    public async Task<(string Sync, string Health)> ApiStatusAsync(string app)
    {
        using var http = new HttpClient { BaseAddress = Server.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.LocalToken);
        var body = await http.GetFromJsonAsync<JsonObject>($"api/v1/applications/{app}");
        return (body!["status"]!["sync"]!["status"]!.GetValue<string>(), body["status"]!["health"]!["status"]!.GetValue<string>());
    }

    private async Task SetPasswordAsync(string user, string password)
    {
        using var http = new HttpClient { BaseAddress = Server.Url };
        using var login = await http.PostAsJsonAsync("api/v1/session", new JsonObject { ["username"] = "admin", ["password"] = AdminPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Put, "api/v1/account/password")
        {
            Content = JsonContent.Create(new JsonObject { ["name"] = user, ["currentPassword"] = AdminPassword, ["newPassword"] = password }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
        if (Sandbox is not null) await Sandbox.DisposeAsync();
        if (Oidc is not null) await Oidc.DisposeAsync();
        _dir.Dispose();
    }
}
