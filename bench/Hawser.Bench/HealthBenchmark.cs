using System.Diagnostics;
using Hawser.Health;
using Hawser.Manifests;

namespace Hawser.Bench;

/// <summary>Health assessment cost: built-in checks versus a custom Lua check (a fresh sandboxed Lua state per object).</summary>
internal sealed class HealthBenchmark : IBenchmark
{
    private const int Objects = 1000;

    public string Name => "health";
    public string Description => "assess 1,000 Deployments with the built-in check and with an equivalent Lua check";

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var deployments = Enumerable.Range(0, Objects).Select(i => KubeObject.ParseJson(FormattableString.Invariant($$$$"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web-{{{{i}}}}","namespace":"prod","generation":2},
             "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}},
             "status":{"observedGeneration":2,"replicas":2,"updatedReplicas":2,"availableReplicas":{{{{i % 3}}}},
               "conditions":[{"type":"Available","status":"True"},{"type":"Progressing","status":"True","reason":"NewReplicaSetAvailable"}]}}
            """))).ToList();

        var builtIn = HealthAssessor.Create();
        var lua = HealthAssessor.Create(CustomHealthChecks.FromArgoCdConfig(new Dictionary<string, string>
        {
            ["resource.customizations.health.apps_Deployment"] = """
                hs = {}
                if obj.status.availableReplicas < obj.status.updatedReplicas then
                  hs.status = "Progressing"
                  hs.message = "Waiting for rollout to finish: " .. obj.status.availableReplicas .. " of " .. obj.status.updatedReplicas .. " updated replicas are available..."
                  return hs
                end
                hs.status = "Healthy"
                return hs
                """,
        }));

        var builtInRate = Measure(builtIn, deployments, rounds: 20);
        var luaRate = Measure(lua, deployments, rounds: 2);
        Console.WriteLine(FormattableString.Invariant($"  built-in: {builtInRate:N0} objects/s ({1_000_000 / builtInRate:F1} µs each)"));
        Console.WriteLine(FormattableString.Invariant($"  Lua:      {luaRate:N0} objects/s ({1_000_000 / luaRate:F1} µs each)"));
        Console.WriteLine(FormattableString.Invariant($"  ratio built-in / Lua: {builtInRate / luaRate:F1}x"));
        return Task.CompletedTask;
    }

    private static double Measure(IHealthAssessor assessor, List<KubeObject> objects, int rounds)
    {
        foreach (var obj in objects.Take(50)) assessor.Assess(obj);
        var stopwatch = Stopwatch.StartNew();
        var progressing = 0;
        for (var r = 0; r < rounds; r++)
        {
            foreach (var obj in objects)
            {
                if (assessor.Assess(obj)?.Status == HealthStatus.Progressing) progressing++;
            }
        }
        stopwatch.Stop();
        if (progressing != rounds * objects.Count(o => o.Body["status"]!["availableReplicas"]!.GetValue<int>() < 2))
            throw new InvalidOperationException("the assessor returned unexpected results");
        return rounds * objects.Count / stopwatch.Elapsed.TotalSeconds;
    }
}
