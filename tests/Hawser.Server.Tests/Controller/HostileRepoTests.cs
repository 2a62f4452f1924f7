using System.Diagnostics;
using Hawser.Health;
using Hawser.Manifests;
using Hawser.Settings;

namespace Hawser.Server.Tests.Controller;

/// <summary>
/// One config repo with hostile inputs in different apps, synced by the server: the process stays up within a memory bound,
/// the good app becomes Synced and Healthy, each bad app gets a condition that says what is wrong and where, no host file reaches
/// the cluster, and no credential or Secret value reaches a log line, a state file or an API response (the harness scans them).
/// </summary>
public sealed class HostileRepoTests
{
    private const string SecretValue = "hostile-secret-value-9f3c";
    private const string UrlPassword = "hunter2-in-the-url";
    private const long MemoryBoundBytes = 2L * 1024 * 1024 * 1024;

    // 25,000 nested flow sequences: 50 KB that overflowed the stack of a recursive parser.
    private static readonly string DeepNesting = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: {x: " + new string('[', 25_000) + new string(']', 25_000) + "}\n";

    // 9 levels of 9 aliases: under 1 KB that expands to 9^9 strings.
    private static readonly string BillionLaughs = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: laughs}\ndata:\n  a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n"
        + string.Concat(Enumerable.Range(1, 8).Select(i => $"  {(char)('a' + i)}: &{(char)('a' + i)} [{string.Join(',', Enumerable.Repeat("*" + (char)('a' + i - 1), 9))}]\n"));

    private const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com, annotations: {argocd.argoproj.io/sync-wave: "-1"}}
        spec:
          group: example.com
          names: {kind: Widget, plural: widgets, singular: widget}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w}
        spec: {size: 1}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: after-the-widget, annotations: {argocd.argoproj.io/sync-wave: "1"}}
        data: {value: "x"}
        """;

    [Fact]
    public async Task A_repo_of_hostile_apps_leaves_the_server_up_the_good_app_healthy_and_each_bad_app_with_a_clear_condition()
    {
        await using var h = await ServerHarness.CreateAsync();
        h.ForbidInOutput(SecretValue);
        h.ForbidInOutput(UrlPassword);
        var settings = await BrokenLuaSettingsAsync(h);
        var app = (string name, string path) => h.Application(name, path, name);
        await h.Repo
            .Write("apps/good.yaml", app("good", "good"))
            .Write("good/cm.yaml", ServerHarness.ConfigMap("settings", "fine"))
            .Write("good/secret.yaml", $"apiVersion: v1\nkind: Secret\nmetadata: {{name: creds}}\nstringData: {{password: {SecretValue}}}\n")
            .Write("apps/deep.yaml", app("deep", "deep"))
            .Write("deep/deep.yaml", DeepNesting)
            .Write("apps/laughs.yaml", app("laughs", "laughs"))
            .Write("laughs/laughs.yaml", BillionLaughs)
            .Write("apps/escape.yaml", h.Application("escape", "escape", "escape", annotations: "{hawser.io/kustomize-build-options: '--load-restrictor LoadRestrictionsNone'}"))
            .Write("escape/kustomization.yaml", "configMapGenerator:\n- name: host\n  files: [/etc/passwd]\nresources: [../../../../../../etc/hostname]\n")
            .Write("apps/names.yaml", app("names", "names"))
            .Write("names/cm.yaml", ServerHarness.ConfigMap("Bad_Name", "x"))
            .Write("apps/spoof.yaml", app("Victim:/ConfigMap:ns/x", "good"))
            .Write("apps/empty.yaml", app("empty", "empty"))
            .Write("empty/README.md", "nothing to deploy here\n")
            .Write("apps/lua.yaml", app("lua", "lua"))
            .Write("lua/widget.yaml", Crd)
            .Write("apps/creds.yaml", app("creds", "good").Replace($"repoURL: {h.RepoUrl}", $"repoURL: https://deployer:{UrlPassword}@127.0.0.1:1/config.git", StringComparison.Ordinal))
            .CommitAsync("hostile apps", CancellationToken.None);

        using var memory = new PeakMemory();
        await h.StartServerAsync(o => o with { Settings = settings });

        await h.EventuallyAsync(() => h.SyncedAndHealthy("good"), "good Synced and Healthy", TimeSpan.FromSeconds(60));
        await AssertReportedAsync(h, "deep", "deep/deep.yaml", "nest");
        await AssertReportedAsync(h, "laughs", "laughs/laughs.yaml", "alias");
        await AssertReportedAsync(h, "escape", "--load-restrictor", "");
        await AssertReportedAsync(h, "empty", "renders no objects", "");
        await AssertReportedAsync(h, "names", "Bad_Name", "");
        await AssertReportedAsync(h, "lua", "health check Widget.example.com failed", "");
        Assert.Null(await h.ConfigMapValueAsync("lua", "after-the-widget"));
        await AssertReportedAsync(h, "creds", "127.0.0.1:1", "");
        Assert.DoesNotContain(h.Controller.Catalog.Entries.Keys, name => name.StartsWith("Victim", StringComparison.Ordinal));
        await AssertReportedAsync(h, Hawser.Controller.RootSource.RepoRootName, "Victim:/ConfigMap:ns/x", "metadata.name");

        Assert.True(h.SyncedAndHealthy("good"), "the good app stays Synced and Healthy");
        Assert.True(memory.Peak < MemoryBoundBytes, $"peak working set {memory.Peak / (1024 * 1024)} MB");
        await AssertNoHostFileInTheClusterAsync(h);
        await RecordApiResponsesAsync(h);
    }

    private static async Task<HawserSettings> BrokenLuaSettingsAsync(ServerHarness h)
    {
        var dir = h.DataDirectory + "-settings";
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "argocd-cm.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-cm, namespace: argocd}
            data:
              resource.customizations.health.example.com_Widget: |
                hs = {status = "Healthy"
                return hs
            """);
        return await HawserSettings.LoadAsync(new DirectorySettingsSource(dir), CancellationToken.None);
    }

    // The app's conditions, its health when not Healthy, and its last operation, one per line.
    private static async Task<string> ReportAsync(ServerHarness h, string app)
    {
        var status = h.Controller.StatusOf(app);
        var lines = status?.Conditions.Select(c => $"{c.Type}: {c.Message}").ToList() ?? [];
        if (status is { Health.Status: not HealthStatus.Healthy }) lines.Add($"health: {status.Health}");
        if (await h.Server!.Store.GetLatestOperationAsync(app, CancellationToken.None) is { } op) lines.Add($"operation {op.Phase}: {op.Message}");
        return string.Join("\n", lines);
    }

    private static async Task AssertReportedAsync(ServerHarness h, string app, string expected, string alsoExpected)
    {
        var text = "";
        await ServerHarness.EventuallyAsync(async () =>
        {
            text = await ReportAsync(h, app);
            return text.Contains(expected, StringComparison.Ordinal) && text.Contains(alsoExpected, StringComparison.OrdinalIgnoreCase);
        }, $"{app} reports \"{expected}\" (so far: {text})", TimeSpan.FromSeconds(60));
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    // Nothing any app rendered carries a host file: /etc/passwd's first line or /etc/hostname.
    private static async Task AssertNoHostFileInTheClusterAsync(ServerHarness h)
    {
        var hostname = (await File.ReadAllTextAsync("/etc/hostname")).Trim();
        foreach (var ns in new[] { "good", "escape", "names", "lua", "empty" })
        {
            var list = await h.Cluster.ListAsync(new GroupVersionKind("", "v1", "ConfigMap"), new Kubernetes.ListOptions(ns), CancellationToken.None);
            foreach (var cm in list.Items)
            {
                var text = cm.Body.ToJsonString();
                Assert.DoesNotContain("root:x:0:0", text, StringComparison.Ordinal);
                if (hostname.Length >= 6) Assert.DoesNotContain(hostname, text, StringComparison.Ordinal);
            }
        }
    }

    // What the API answers about every app goes through the harness' leak scan.
    private static async Task RecordApiResponsesAsync(ServerHarness h)
    {
        using var http = new HttpClient { BaseAddress = h.Server!.Url };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", h.Server.LocalToken);
        var list = await http.GetStringAsync("api/v1/applications");
        h.RecordApiResponse(list);
        foreach (var name in new[] { "good", "deep", "laughs", "escape", "names", "empty", "lua", "creds" })
            h.RecordApiResponse(await http.GetStringAsync($"api/v1/applications/{name}"));
        Assert.Contains("\"good\"", list, StringComparison.Ordinal);
    }

    /// <summary>Samples the process' working set until disposed and keeps the peak.</summary>
    private sealed class PeakMemory : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampler;
        private long _peak;

        public PeakMemory() => _sampler = Task.Run(async () =>
        {
            using var process = Process.GetCurrentProcess();
            while (!_stop.IsCancellationRequested)
            {
                process.Refresh();
                Interlocked.Exchange(ref _peak, Math.Max(Interlocked.Read(ref _peak), process.WorkingSet64));
                try
                {
                    await Task.Delay(100, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });

        public long Peak => Interlocked.Read(ref _peak);

        public void Dispose()
        {
            _stop.Cancel();
            _sampler.GetAwaiter().GetResult();
            _stop.Dispose();
        }
    }
}
