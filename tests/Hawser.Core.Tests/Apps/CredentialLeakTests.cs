using System.Text;
using Microsoft.Extensions.Logging;
using Hawser.Apps;
using Hawser.Core.Tests.Fakes;
using Hawser.Health;
using Hawser.Rendering;
using Hawser.Sandbox;
using Hawser.Sources;
using Hawser.State;
using Hawser.Sync;
using Hawser.Testing;

namespace Hawser.Core.Tests.Apps;

public sealed class CredentialLeakTests
{
    private const string Password = "pl4nted-S3cret-7f1c";
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_password_in_a_repo_url_reaches_no_log_line_state_file_or_cache_and_the_data_directory_is_private()
    {
        using var dir = new TempDirectory("hawser-leak");
        await using var git = await GitHttpServer.StartAsync(Ct, password: Password);
        var repo = await git.CreateRepositoryAsync("config", Ct);
        var url = git.UrlOf("config").Replace("://", $"://{git.Username}:{Password}@", StringComparison.Ordinal);
        await repo.Write("apps/child.yaml", $$"""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: child, namespace: argocd}
                spec:
                  project: default
                  source: {repoURL: "{{url}}", path: child, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: child}
                  syncPolicy: {automated: {prune: true}, syncOptions: [CreateNamespace=true]}
                """)
            .Write("child/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n")
            .CommitAsync("apps", Ct);

        var logs = new CapturingLoggerProvider();
        using var loggerFactory = logs.Factory();
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions(), Ct);
        var data = Path.Combine(dir.Path, "data");
        await using (var store = await StateStores.OpenSqliteAsync(data, TimeProvider.System, Ct))
        {
            var renderer = new AppRenderer(new AppRendererOptions(Path.Combine(data, "scratch")),
                new GitSource(new GitSourceOptions(Path.Combine(data, "cache", "git"))), cache: new RenderCache(directory: Path.Combine(data, "cache", "renders")),
                logger: loggerFactory.CreateLogger<AppRenderer>());
            using var clusters = new ClusterConnector(sandbox.KubeconfigPath, null, loggerFactory);
            var service = new AppService(renderer, clusters, store, HealthAssessor.Create(), loggerFactory: loggerFactory,
                engineSettings: new SyncEngineSettings(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30)));
            var root = AppDefinition.Read($$"""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: root, namespace: argocd}
                spec:
                  project: default
                  source: {repoURL: "{{url}}", path: apps, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: argocd}
                """, "root.yaml").Apps.Single();

            var report = await service.SyncAsync(root, new AppSyncSettings("cli:test"), null, Ct);
            Assert.True(report.SucceededAndHealthy, string.Join("\n", report.ChildSyncs.Select(c => c.Sync.Operation.Message)));
            Assert.Equal(["child"], report.ChildSyncs.Select(c => c.App));
            await service.GetAsync(root, Ct);
            await service.HistoryAsync("root", Ct);
        }

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Password, StringComparison.Ordinal));
        var needle = Encoding.UTF8.GetBytes(Password);
        // The caches hold copies of what Git holds (Secrets included), in private files; everything else must be clean.
        var cache = Path.Combine(data, "cache") + Path.DirectorySeparatorChar;
        foreach (var file in Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(cache, StringComparison.Ordinal)))
            Assert.False((await File.ReadAllBytesAsync(file, Ct)).AsSpan().IndexOf(needle) >= 0, $"{file} holds the password");
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(data));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(Path.Combine(data, StateStores.DatabaseFileName)));
        foreach (var cached in Directory.EnumerateFiles(Path.Combine(data, "cache", "renders"), "*.json", SearchOption.AllDirectories))
            Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(cached));
    }
}
