using Hawser.Sandbox.Simulation;

namespace Hawser.Sandbox.Tests.Simulation;

public sealed class WorkloadSimulationTests : IAsyncLifetime
{
    private SandboxHttp sandbox = null!;

    public async Task InitializeAsync() =>
        sandbox = await SandboxHttp.StartAsync(new SandboxOptions { Simulation = new SimulationOptions { Delay = TimeSpan.FromMilliseconds(200) } });

    public async Task DisposeAsync() => await sandbox.DisposeAsync();

    private const string Deployment = """
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'NAME','namespace':'default'ANNOTATIONS},
         'spec':{'replicas':3,'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},
         'spec':{'containers':[{'name':'web','image':'nginx'}]}}}}
        """;

    private static string DeploymentNamed(string name, string annotations = "") =>
        Deployment.Replace("NAME", name, StringComparison.Ordinal).Replace("ANNOTATIONS", annotations, StringComparison.Ordinal);

    [Fact]
    public async Task A_deployment_becomes_available_with_every_replica_ready_at_its_generation()
    {
        await sandbox.CreateAsync("/apis/apps/v1/namespaces/default/deployments", DeploymentNamed("web"));
        var live = await sandbox.WaitForAsync("/apis/apps/v1/namespaces/default/deployments/web", d => SandboxHttp.Condition(d, "Available") == "True");
        Assert.Equal(3, live["status"]!["readyReplicas"]!.GetValue<long>());
        Assert.Equal(3, live["status"]!["availableReplicas"]!.GetValue<long>());
        Assert.Equal(3, live["status"]!["updatedReplicas"]!.GetValue<long>());
        Assert.Equal(live["metadata"]!["generation"]!.GetValue<long>(), live["status"]!["observedGeneration"]!.GetValue<long>());
        Assert.Equal("NewReplicaSetAvailable", SandboxHttp.Condition(live, "Progressing", "reason"));
    }

    [Fact]
    public async Task A_deployment_annotated_to_fail_exceeds_its_progress_deadline()
    {
        await sandbox.CreateAsync("/apis/apps/v1/namespaces/default/deployments", DeploymentNamed("broken", ",'annotations':{'sandbox.hawser.io/simulate':'fail'}"));
        var live = await sandbox.WaitForAsync("/apis/apps/v1/namespaces/default/deployments/broken", d => SandboxHttp.Condition(d, "Progressing") is not null);
        Assert.Equal("False", SandboxHttp.Condition(live, "Progressing"));
        Assert.Equal("ProgressDeadlineExceeded", SandboxHttp.Condition(live, "Progressing", "reason"));
        Assert.Equal("False", SandboxHttp.Condition(live, "Available"));
        Assert.Null(live["status"]!["readyReplicas"]);
    }

    [Fact]
    public async Task A_job_completes_and_a_job_annotated_to_fail_fails()
    {
        const string job = "{'apiVersion':'batch/v1','kind':'Job','metadata':{'name':'NAME','namespace':'default'ANNOTATIONS},'spec':{'backoffLimit':2,'template':{'spec':{'restartPolicy':'Never','containers':[{'name':'j','image':'busybox'}]}}}}";
        await sandbox.CreateAsync("/apis/batch/v1/namespaces/default/jobs", job.Replace("NAME", "ok", StringComparison.Ordinal).Replace("ANNOTATIONS", "", StringComparison.Ordinal));
        await sandbox.CreateAsync("/apis/batch/v1/namespaces/default/jobs", job.Replace("NAME", "bad", StringComparison.Ordinal).Replace("ANNOTATIONS", ",'annotations':{'sandbox.hawser.io/simulate':'fail'}", StringComparison.Ordinal));
        var ok = await sandbox.WaitForAsync("/apis/batch/v1/namespaces/default/jobs/ok", j => SandboxHttp.Condition(j, "Complete") == "True");
        Assert.Equal(1, ok["status"]!["succeeded"]!.GetValue<long>());
        Assert.NotNull(ok["status"]!["completionTime"]);
        var bad = await sandbox.WaitForAsync("/apis/batch/v1/namespaces/default/jobs/bad", j => SandboxHttp.Condition(j, "Failed") == "True");
        Assert.Equal(3, bad["status"]!["failed"]!.GetValue<long>());
        Assert.Equal("BackoffLimitExceeded", SandboxHttp.Condition(bad, "Failed", "reason"));
    }

    [Fact]
    public async Task Services_get_a_cluster_ip_and_load_balancers_an_ingress_ip()
    {
        await sandbox.CreateAsync("/api/v1/namespaces/default/services", "{'apiVersion':'v1','kind':'Service','metadata':{'name':'lb','namespace':'default'},'spec':{'type':'LoadBalancer','ports':[{'port':80}]}}");
        var lb = await sandbox.WaitForAsync("/api/v1/namespaces/default/services/lb", s => s["status"]?["loadBalancer"]?["ingress"] is not null);
        Assert.StartsWith("10.96.", lb["spec"]!["clusterIP"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("172.20.", lb["status"]!["loadBalancer"]!["ingress"]![0]!["ip"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_claim_binds_and_a_crd_becomes_established()
    {
        await sandbox.CreateAsync("/api/v1/namespaces/default/persistentvolumeclaims",
            "{'apiVersion':'v1','kind':'PersistentVolumeClaim','metadata':{'name':'data','namespace':'default'},'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'1Gi'}}}}");
        await sandbox.CreateAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", """
            {'apiVersion':'apiextensions.k8s.io/v1','kind':'CustomResourceDefinition','metadata':{'name':'widgets.example.com'},
             'spec':{'group':'example.com','scope':'Namespaced','names':{'plural':'widgets','singular':'widget','kind':'Widget','listKind':'WidgetList'},
             'versions':[{'name':'v1','served':true,'storage':true,'schema':{'openAPIV3Schema':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}}]}}
            """);
        var claim = await sandbox.WaitForAsync("/api/v1/namespaces/default/persistentvolumeclaims/data", c => c["status"]?["phase"]?.GetValue<string>() == "Bound");
        Assert.Equal("1Gi", claim["status"]!["capacity"]!["storage"]!.GetValue<string>());
        var crd = await sandbox.WaitForAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com", c => SandboxHttp.Condition(c, "Established") == "True");
        Assert.Equal("True", SandboxHttp.Condition(crd, "NamesAccepted"));
        Assert.Equal("v1", crd["status"]!["storedVersions"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_spec_change_is_observed_at_the_new_generation()
    {
        await sandbox.CreateAsync("/apis/apps/v1/namespaces/default/deployments", DeploymentNamed("scaled"));
        var first = await sandbox.WaitForAsync("/apis/apps/v1/namespaces/default/deployments/scaled", d => SandboxHttp.Condition(d, "Available") == "True");
        first["spec"]!["replicas"] = 5;
        using var content = new StringContent(first.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await sandbox.Client.PutAsync(new Uri("/apis/apps/v1/namespaces/default/deployments/scaled", UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var scaled = await sandbox.WaitForAsync("/apis/apps/v1/namespaces/default/deployments/scaled", d => d["status"]?["readyReplicas"]?.GetValue<long>() == 5);
        Assert.Equal(scaled["metadata"]!["generation"]!.GetValue<long>(), scaled["status"]!["observedGeneration"]!.GetValue<long>());
        Assert.True(scaled["metadata"]!["generation"]!.GetValue<long>() > first["metadata"]!["generation"]!.GetValue<long>());
    }
}

public sealed class DisabledSimulationTests
{
    [Fact]
    public async Task With_simulation_off_a_deployment_keeps_no_status()
    {
        await using var sandbox = await SandboxHttp.StartAsync(new SandboxOptions { Simulation = new SimulationOptions { Enabled = false, Delay = TimeSpan.Zero } });
        await sandbox.CreateAsync("/apis/apps/v1/namespaces/default/deployments",
            "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'still','namespace':'default'},'spec':{'selector':{'matchLabels':{'a':'b'}},'template':{'metadata':{'labels':{'a':'b'}},'spec':{'containers':[{'name':'c','image':'i'}]}}}}");
        await Task.Delay(500);
        var live = await sandbox.GetAsync("/apis/apps/v1/namespaces/default/deployments/still");
        Assert.Null(live["status"]?["readyReplicas"]);
        Assert.Null(SandboxHttp.Condition(live, "Available"));
    }
}
