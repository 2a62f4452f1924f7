using Hawser.Core.Tests.Fakes;
using Hawser.Health;
using Hawser.Core.Tests.Kubernetes;
using Hawser.Kubernetes;
using Hawser.Sandbox;
using Hawser.Sandbox.Faults;
using Hawser.State;
using Hawser.Sync;

namespace Hawser.Core.Tests.Sync.Sandbox;

/// <summary>
/// A sync against a sandbox that fails creates (500s and dropped connections on every POST, seeded), with the client's default
/// options and no retry policy on the app: named hooks are created through the faults, and nothing is created twice.
/// </summary>
public sealed class SyncUnderFaultsTests
{
    private static string Hook(string name, string phase) => $$"""
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {{name}}
          annotations: {argocd.argoproj.io/hook: {{phase}}}
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers: [{name: run, image: "busybox:1.36", command: ["true"]}]

        """;

    [Fact]
    public async Task Named_hooks_and_applies_get_through_server_errors_and_dropped_connections_without_a_retry_policy()
    {
        var faults = new FaultOptions { ErrorRate = 0.3, ErrorCodes = [500], DropRate = 0.15, Methods = ["POST"], Seed = 5 };
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Faults = faults }, TestTimeout.Token());
        using var connection = KubernetesClientFactory.FromKubeconfig(server.KubeconfigPath);
        var transport = ((KubernetesClient)connection.Client).Transport;
        await using var store = await StateStores.OpenInMemoryAsync(TimeProvider.System, CancellationToken.None);
        var engine = new SyncEngine(connection.Client, store, HealthAssessor.Create(), TimeProvider.System,
            settings: new SyncEngineSettings(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30)));
        var yaml = Hook("migrate", "PreSync") + Hook("seed", "PreSync") + Hook("warm-up", "Sync") + Hook("smoke", "PostSync") + Hook("report", "PostSync") + """
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {key: v}
            """;

        var result = await engine.SyncAsync(new SyncRequest("faulty", "r1", "faulty", Yaml.Many(yaml), "test", SyncOptionSet.Parse(["CreateNamespace=true"])),
            null, TestTimeout.Token(120));

        Assert.True(result.Phase == OperationPhase.Succeeded, result.Operation.Message + "\n" + string.Join("\n", result.ChangeSet.Select(e => $"{e.Key} {e.Action} {e.Message}")));
        Assert.True(transport.Retries > 0, "the seeded faults should have hit at least one create");
        var jobs = await connection.Client.ListAsync(Hawser.Manifests.GroupVersionKind.From("batch/v1", "Job"), new ListOptions("faulty"), TestTimeout.Token());
        Assert.Equal(["migrate", "report", "seed", "smoke", "warm-up"], jobs.Items.Select(j => j.Name).Order(StringComparer.Ordinal));
    }
}
