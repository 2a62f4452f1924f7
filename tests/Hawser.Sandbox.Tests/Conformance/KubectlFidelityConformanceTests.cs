using System.Text.RegularExpressions;
using Hawser.Sandbox.Tests.Support;
using Hawser.Testing;

namespace Hawser.Sandbox.Tests.Conformance;

/// <summary>
/// The real kubectl against the sandbox for behaviour a real API server has beyond the basic verbs: the move from
/// client-side to server-side apply, the <c>/scale</c> subresource, and the status the server initialises.
/// </summary>
public sealed class KubectlFidelityConformanceTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly TempDirectory _work = new("kubectl-fidelity");

    private Kubectl Kubectl => new(sandbox.Server, Path.Combine(_work.Path, "cache"));

    public void Dispose() => _work.Dispose();

    private static string ConfigMap(string ns, string data) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: foo\n  namespace: {ns}\ndata: {{{data}}}\n";

    [Fact]
    public async Task Server_side_apply_takes_over_a_client_side_applied_object_and_keeps_its_data()
    {
        var ns = sandbox.NextName("kc-upgrade");
        await Kubectl.OkAsync("create", "namespace", ns);
        Assert.Equal("configmap/foo created\n", await Kubectl.OkWithInputAsync(ConfigMap(ns, "a: '1', b: '2'"), "apply", "-f", "-"));

        // No --force-conflicts: fields client-side apply set (as its annotation records) move to kubectl without a conflict.
        Assert.Equal("configmap/foo serverside-applied\n", await Kubectl.OkWithInputAsync(ConfigMap(ns, "a: '1', b: '3'"), "apply", "--server-side", "-f", "-"));
        Assert.Equal("""{"a":"1","b":"3"}""", await Kubectl.OkAsync("get", "cm", "foo", "-n", ns, "-o", "jsonpath={.data}"));
        var managers = await Kubectl.OkAsync("get", "cm", "foo", "-n", ns, "--show-managed-fields", "-o", "jsonpath={.metadata.managedFields[*].manager}");
        Assert.Equal("kubectl kubectl-last-applied", managers);

        // kubectl now owns what client-side apply did: a key left out of the next apply is removed.
        Assert.Equal("configmap/foo serverside-applied\n", await Kubectl.OkWithInputAsync(ConfigMap(ns, "a: '1'"), "apply", "--server-side", "--force-conflicts", "-f", "-"));
        Assert.Equal("""{"a":"1"}""", await Kubectl.OkAsync("get", "cm", "foo", "-n", ns, "-o", "jsonpath={.data}"));

        // The annotation follows the server-side configuration, so going back to client-side apply starts from it.
        var annotation = await Kubectl.OkAsync("get", "cm", "foo", "-n", ns, "-o", @"jsonpath={.metadata.annotations.kubectl\.kubernetes\.io/last-applied-configuration}");
        Assert.Contains("\"data\":{\"a\":\"1\"}", annotation);
        Assert.Equal("configmap/foo configured\n", await Kubectl.OkWithInputAsync(ConfigMap(ns, "a: '2'"), "apply", "-f", "-"));
        Assert.Equal("""{"a":"2"}""", await Kubectl.OkAsync("get", "cm", "foo", "-n", ns, "-o", "jsonpath={.data}"));
    }

    [Fact]
    public async Task Server_side_apply_with_force_after_client_side_apply_keeps_the_data()
    {
        var ns = sandbox.NextName("kc-upgrade-force");
        await Kubectl.OkAsync("create", "namespace", ns);
        await Kubectl.OkWithInputAsync(ConfigMap(ns, "a: '1', b: '2'"), "apply", "-f", "-");
        Assert.Equal("configmap/foo serverside-applied\n", await Kubectl.OkWithInputAsync(ConfigMap(ns, "a: '1', b: '3'"), "apply", "--server-side", "--force-conflicts", "-f", "-"));
        Assert.Equal("""{"a":"1","b":"3"}""", await Kubectl.OkAsync("get", "cm", "foo", "-n", ns, "-o", "jsonpath={.data}"));
        var table = await Kubectl.OkAsync("get", "cm", "foo", "-n", ns);
        Assert.Matches(new Regex(@"^foo\s+2\s+\d+s\s*$", RegexOptions.Multiline), table);
    }

    [Fact]
    public async Task Scale_changes_a_deployments_replicas_and_its_simulated_status_follows()
    {
        var ns = sandbox.NextName("kc-scale");
        await Kubectl.OkAsync("create", "namespace", ns);
        var deployment = $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, namespace: {ns}}}\nspec:\n  replicas: 1\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      containers:\n      - {{name: web, image: 'nginx:1.27'}}\n";
        await Kubectl.OkWithInputAsync(deployment, "apply", "--server-side", "-f", "-");
        Assert.Equal("deployment.apps/web scaled\n", await Kubectl.OkAsync("scale", "deploy/web", "-n", ns, "--replicas=3"));
        Assert.Equal("3", await Kubectl.OkAsync("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}"));
        await Kubectl.OkAsync("wait", "deploy/web", "-n", ns, "--for=jsonpath={.status.availableReplicas}=3", "--timeout=60s");
        var table = await Kubectl.OkAsync("get", "deploy", "web", "-n", ns);
        Assert.Matches(new Regex(@"^web\s+3/3\s+3\s+3\s+\d+s\s*$", RegexOptions.Multiline), table);

        var wrong = await Kubectl.RunAsync(["scale", "deploy/web", "-n", ns, "--replicas=5", "--current-replicas=2"]);
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("Expected replicas to be 2, was 3", wrong.StandardError);
    }

    [Fact]
    public async Task A_cronjob_reads_back_with_an_empty_status()
    {
        var ns = sandbox.NextName("kc-cronjob");
        await Kubectl.OkAsync("create", "namespace", ns);
        var cronJob = $"apiVersion: batch/v1\nkind: CronJob\nmetadata: {{name: tick, namespace: {ns}}}\nspec:\n  schedule: '*/5 * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - {{name: tick, image: 'busybox:1.36'}}\n";
        Assert.Equal("cronjob.batch/tick created\n", await Kubectl.OkWithInputAsync(cronJob, "apply", "-f", "-"));
        Assert.Equal("{}", await Kubectl.OkAsync("get", "cronjob", "tick", "-n", ns, "-o", "jsonpath={.status}"));
        var yaml = await Kubectl.OkAsync("get", "cronjob", "tick", "-n", ns, "-o", "yaml");
        Assert.Matches(new Regex(@"^status: \{\}$", RegexOptions.Multiline), yaml);
    }

    [Fact]
    public async Task Kubectl_create_deployment_job_and_cronjob_send_protobuf_the_sandbox_stores_field_for_field()
    {
        var ns = sandbox.NextName("kc-workloads");
        await Kubectl.OkAsync("create", "namespace", ns);

        Assert.Equal("deployment.apps/web created\n",
            await Kubectl.OkAsync("create", "deployment", "web", "-n", ns, "--image=nginx:1.27", "--replicas=2", "--port=80"));
        Assert.Equal("2 web nginx:1.27 80 web", await Kubectl.OkAsync("get", "deploy", "web", "-n", ns, "-o",
            "jsonpath={.spec.replicas} {.spec.selector.matchLabels.app} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort} {.spec.template.metadata.labels.app}"));
        await Kubectl.OkAsync("wait", "deploy/web", "-n", ns, "--for=condition=Available", "--timeout=60s");

        Assert.Equal("job.batch/once created\n", await Kubectl.OkAsync("create", "job", "once", "-n", ns, "--image=busybox:1.36", "--", "echo", "hi"));
        Assert.Equal("Never echo hi", await Kubectl.OkAsync("get", "job", "once", "-n", ns, "-o",
            "jsonpath={.spec.template.spec.restartPolicy} {.spec.template.spec.containers[0].command[*]}"));
        await Kubectl.OkAsync("wait", "job/once", "-n", ns, "--for=condition=Complete", "--timeout=60s");

        Assert.Equal("cronjob.batch/tick created\n", await Kubectl.OkAsync("create", "cronjob", "tick", "-n", ns, "--image=busybox:1.36",
            "--schedule=*/5 * * * *", "--restart=OnFailure", "--", "date"));
        Assert.Equal("*/5 * * * * OnFailure date {}", await Kubectl.OkAsync("get", "cronjob", "tick", "-n", ns, "-o",
            "jsonpath={.spec.schedule} {.spec.jobTemplate.spec.template.spec.restartPolicy} {.spec.jobTemplate.spec.template.spec.containers[0].command[0]} {.status}"));

        Assert.Equal("job.batch/manual created\n", await Kubectl.OkAsync("create", "job", "manual", "-n", ns, "--from=cronjob/tick"));
        Assert.Equal("manual CronJob/tick date", await Kubectl.OkAsync("get", "job", "manual", "-n", ns, "-o",
            "jsonpath={.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate} {.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.spec.template.spec.containers[0].command[0]}"));
    }
}
