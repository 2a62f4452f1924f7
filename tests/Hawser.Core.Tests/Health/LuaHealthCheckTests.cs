using Hawser.Health;
using Hawser.Manifests;

namespace Hawser.Core.Tests.Health;

public sealed class LuaHealthCheckTests
{
    private static KubeObject Certificate(string readyStatus) => ManifestReader.Read($$"""
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: web, namespace: prod, generation: 3}
        spec: {replicas: 2}
        status:
          conditions:
          - {type: Ready, status: "{{readyStatus}}", message: certificate is up to date}
        """, "cert.yaml")[0];

    private const string CertificateScript = """
        hs = {}
        if obj.status ~= nil and obj.status.conditions ~= nil then
          for i, condition in ipairs(obj.status.conditions) do
            if condition.type == "Ready" and condition.status == "True" then
              hs.status = "Healthy"
              hs.message = condition.message .. " (generation " .. obj.metadata.generation .. ")"
              return hs
            end
          end
        end
        hs.status = "Progressing"
        hs.message = "Waiting for certificate"
        return hs
        """;

    private static IHealthAssessor AssessorWith(string key, string script) =>
        HealthAssessor.Create(CustomHealthChecks.FromArgoCdConfig(new Dictionary<string, string> { [key] = script }));

    [Fact]
    public void An_argocd_cm_script_decides_the_health_of_its_kind()
    {
        var assessor = AssessorWith("resource.customizations.health.cert-manager.io_Certificate", CertificateScript);

        Assert.Equal(new HealthResult(HealthStatus.Healthy, "certificate is up to date (generation 3)"), assessor.Assess(Certificate("True")));
        Assert.Equal(new HealthResult(HealthStatus.Progressing, "Waiting for certificate"), assessor.Assess(Certificate("False")));
    }

    [Fact]
    public void A_script_that_loops_forever_is_stopped_and_reported_unknown()
    {
        var assessor = AssessorWith("resource.customizations.health.cert-manager.io_Certificate", "while true do end");

        var result = assessor.Assess(Certificate("True"));

        Assert.Equal(HealthStatus.Unknown, result!.Status);
        Assert.Contains("instructions", result.Message, StringComparison.Ordinal);
    }
}
