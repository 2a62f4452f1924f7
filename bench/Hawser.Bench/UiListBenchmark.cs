using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hawser.Auth;
using Hawser.Controller;
using Hawser.Sandbox;
using Hawser.Server;
using Hawser.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;

namespace Hawser.Bench;

/// <summary>
/// The web UI's application list at scale: N registered apps (default 5,000; <c>HAWSER_BENCH_UI_APPS</c>) in ten teams
/// (label <c>team</c>) and two projects, served by <c>hawser server</c> with the built UI (<c>ui/dist</c>), opened in Debian's
/// headless Chromium. Prints, as medians of five runs: navigation start to the list rendered with every app (and the list
/// request's share), a search typed into the box to the filtered view, opening a filtered URL, and frame times while
/// scrolling the whole list. Budget: first render &lt; 1 s.
/// </summary>
internal sealed class UiListBenchmark : IBenchmark
{
    private const int Runs = 5;

    public string Name => "ui";
    public string Description => "web UI app list with N registered apps (default 5,000): time to first render, to a filtered view, scrolling";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("HAWSER_BENCH_UI_APPS"), CultureInfo.InvariantCulture, out var n) ? n : 5000;
        var ui = Path.Combine(RepositoryPaths.Root, "ui", "dist");
        if (!File.Exists(Path.Combine(ui, "index.html"))) throw new InvalidOperationException($"the web UI is not built ({ui}): run scripts/setup.sh");
        var chromium = Tools.Require("chromium", "/usr/bin");
        using var work = new TempDirectory("hawser-bench-ui");
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions(), cancellationToken);
        var repo = await GitTestRepository.InitAsync(Path.Combine(work.Path, "config"), cancellationToken);
        var repoUrl = "file://" + repo.Path;
        repo.Write("workload/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n");
        repo.Write("apps/projects.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: payments}\nspec: {sourceRepos: ['*'], destinations: [{server: '*', namespace: '*'}]}\n");
        for (var file = 0; file < count; file += 500)
        {
            var apps = Enumerable.Range(file, Math.Min(500, count - file)).Select(i => App(repoUrl, i));
            repo.Write($"apps/apps-{file / 500:D2}.yaml", string.Join("---\n", apps));
        }
        await repo.CommitAsync($"{count} apps", cancellationToken);

        var data = Path.Combine(work.Path, "data");
        var registered = Stopwatch.StartNew();
        var options = new ServerOptions("127.0.0.1:0", data, [new RootSource.Repository(repoUrl, "apps", "main")], sandbox.KubeconfigPath, null,
            ControllerOptions.Default with { ReconcileJitter = TimeSpan.Zero, ReconcileInterval = TimeSpan.FromMinutes(30), RepoPollInterval = TimeSpan.FromMinutes(30) })
        {
            UiDirectory = ui,
            Login = LoginPolicy.Default with { HashWorkFactor = 4 },
        };
        await using var server = await HawserServer.StartAsync(options, NullLoggerFactory.Instance, cancellationToken);
        while (!(server.Controller.IsReady && server.Controller.Catalog.Entries.Count >= count))
        {
            if (registered.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"only {server.Controller.Catalog.Entries.Count} of {count} apps registered after 10 minutes");
            await Task.Delay(250, cancellationToken);
        }
        Console.WriteLine($"  {count} apps registered and compared in {registered.Elapsed.TotalSeconds:F1} s (server in this process, sandbox on 127.0.0.1)");

        var token = await LoginAsync(server.Url, data, cancellationToken);
        var apiMs = new List<double>();
        var pageMs = new List<double>();
        var listed = 0;
        long wholeBytes = 0, selectedBytes = 0;
        using (var http = new HttpClient { BaseAddress = server.Url })
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            for (var i = 0; i < Runs; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync("api/v1/applications", cancellationToken);
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                apiMs.Add(watch.Elapsed.TotalMilliseconds);
                wholeBytes = bytes.Length;
                listed = JsonNode.Parse(bytes)!["items"]!.AsArray().Count;

                watch.Restart();
                using var firstPage = await http.GetAsync("api/v1/applications?limit=200&fields=" + Uri.EscapeDataString(UiListFields), cancellationToken);
                await firstPage.Content.ReadAsByteArrayAsync(cancellationToken);
                pageMs.Add(watch.Elapsed.TotalMilliseconds);

                using var selected = await http.GetAsync("api/v1/applications?fields=" + Uri.EscapeDataString(UiListFields), cancellationToken);
                selectedBytes = (await selected.Content.ReadAsByteArrayAsync(cancellationToken)).Length;
            }
        }
        Console.WriteLine($"  GET /api/v1/applications (HttpClient):      {Median(apiMs),7:F0} ms, {listed} apps (the {count} and the root's own), {wholeBytes / 1024.0 / 1024.0:F1} MiB; with the UI's fields {selectedBytes / 1024.0 / 1024.0:F1} MiB");
        Console.WriteLine($"  GET ...?limit=200 (the UI's first page):    {Median(pageMs),7:F0} ms");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true });
        var matching = Enumerable.Range(0, count).Count(i => $"app-{i:D4}".StartsWith("app-1", StringComparison.Ordinal));
        var first = new List<double>();
        var listRequest = new List<double>();
        var userRequest = new List<double>();
        var scriptLoaded = new List<double>();
        var wholeList = new List<double>();
        var search = new List<double>();
        var filteredUrl = new List<double>();
        var frames = new List<(double Mean, double Max, int Count)>();
        for (var run = 0; run < Runs; run++)
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Url.ToString(), ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
            await context.AddInitScriptAsync($"localStorage.setItem('hawser.token', {System.Text.Json.JsonSerializer.Serialize(token)})");
            var page = await context.NewPageAsync();

            // 1. Navigation start to the whole list rendered (the page marks it when the list has every app).
            await page.GotoAsync("/applications");
            await page.GetByTestId("shown-count").Filter(new LocatorFilterOptions { HasText = $"{listed} of {listed}" }).WaitForAsync();
            var timing = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
                () => {
                  const mark = performance.getEntriesByName('hawser:list-rendered')[0];
                  const resources = performance.getEntriesByType('resource');
                  const list = resources.find(e => e.name.includes('/api/v1/applications?') && e.name.includes('limit='));
                  const whole = resources.find(e => e.name.includes('/api/v1/applications?') && !e.name.includes('limit='));
                  const user = resources.find(e => e.name.includes('/api/v1/session/userinfo'));
                  const script = resources.find(e => e.name.includes('/assets/') && e.name.endsWith('.js'));
                  return {
                    rendered: mark ? mark.startTime : -1,
                    list: list ? list.responseEnd - list.requestStart : -1,
                    user: user ? user.responseEnd - user.requestStart : -1,
                    script: script ? script.responseEnd : -1,
                    whole: whole ? whole.responseEnd - whole.requestStart : -1,
                  };
                }
                """);
            first.Add(timing.GetProperty("rendered").GetDouble());
            listRequest.Add(timing.GetProperty("list").GetDouble());
            userRequest.Add(timing.GetProperty("user").GetDouble());
            scriptLoaded.Add(timing.GetProperty("script").GetDouble());
            wholeList.Add(timing.GetProperty("whole").GetDouble());

            // 2. A search typed into the box to the filtered list (app-1xxx).
            var watch = Stopwatch.StartNew();
            await page.GetByRole(AriaRole.Searchbox).FillAsync("app-1");
            await page.GetByTestId("shown-count").Filter(new LocatorFilterOptions { HasText = $"{matching} of {listed}" }).WaitForAsync();
            search.Add(watch.Elapsed.TotalMilliseconds);

            // 3. Scrolling the whole list (tiles, cleared filter): frame durations while the list moves a screen per frame.
            await page.GotoAsync("/applications?view=list");
            await page.GetByTestId("shown-count").Filter(new LocatorFilterOptions { HasText = $"{listed} of {listed}" }).WaitForAsync();
            var scroll = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
                async () => {
                  const box = document.querySelector('.virtual');
                  const times = [];
                  let last = performance.now();
                  while (box.scrollTop + box.clientHeight < box.scrollHeight - 1) {
                    box.scrollTop += box.clientHeight;
                    await new Promise(r => requestAnimationFrame(() => r()));
                    const now = performance.now();
                    times.push(now - last);
                    last = now;
                  }
                  return { mean: times.reduce((a, b) => a + b, 0) / times.length, max: Math.max(...times), count: times.length };
                }
                """);
            frames.Add((scroll.GetProperty("mean").GetDouble(), scroll.GetProperty("max").GetDouble(), scroll.GetProperty("count").GetInt32()));

            // 4. A filtered URL opened directly (a bookmark): navigation start to the filtered list.
            await page.GotoAsync("/applications?labels=team%3Dteam-3&search=app-0");
            await page.GetByTestId("shown-count").Filter(new LocatorFilterOptions { HasText = $" of {listed}" }).WaitForAsync();
            filteredUrl.Add(await page.EvaluateAsync<double>("() => performance.getEntriesByName('hawser:list-rendered')[0]?.startTime ?? -1"));
        }

        Console.WriteLine($"  first render of the list:                   {Median(first),7:F0} ms from navigation start (budget < 1000 ms); of it: script loaded at {Median(scriptLoaded):F0} ms, session check {Median(userRequest):F0} ms, first page request {Median(listRequest):F0} ms");
        Console.WriteLine($"  the whole list in the background (the UI's fields): {Median(wholeList),7:F0} ms");
        Console.WriteLine($"  search typed to the filtered view:          {Median(search),7:F0} ms ({matching} apps)");
        Console.WriteLine($"  filtered URL opened, to its first render:   {Median(filteredUrl),7:F0} ms");
        Console.WriteLine($"  scrolling the dense list, a screen a frame: mean frame {Median(frames.Select(f => f.Mean).ToList()),5:F1} ms, worst {frames.Max(f => f.Max),5:F1} ms over {frames[0].Count} frames");
    }

    // The fields the UI's list asks for (ui/src/lib/apps.ts).
    private const string UiListFields = "items.metadata.name,items.metadata.namespace,items.metadata.labels,items.metadata.annotations,"
        + "items.metadata.resourceVersion,items.spec,items.operation,items.status.sync,items.status.health,items.status.operationState.phase,"
        + "items.status.operationState.finishedAt,items.status.reconciledAt";

    private static string App(string repoUrl, int i) => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: app-{i:D4}
          labels: {"{"}team: team-{i % 10}{"}"}
        spec:
          project: {(i % 2 == 0 ? "default" : "payments")}
          source: {"{"}repoURL: {repoUrl}, targetRevision: main, path: workload{"}"}
          destination: {"{"}server: https://kubernetes.default.svc, namespace: ns-{i % 50}{"}"}

        """;

    private static async Task<string> LoginAsync(Uri url, string data, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = url };
        var password = (await File.ReadAllTextAsync(Path.Combine(data, AccountService.InitialPasswordFile), cancellationToken)).Trim();
        using var response = await http.PostAsJsonAsync("api/v1/session", new JsonObject { ["username"] = "admin", ["password"] = password }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["token"]!.GetValue<string>();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
