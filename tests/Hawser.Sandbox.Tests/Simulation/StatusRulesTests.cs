using System.Text.Json.Nodes;
using Hawser.Sandbox.Simulation;
using Hawser.Sandbox.Tests.Patching;

namespace Hawser.Sandbox.Tests.Simulation;

public sealed class StatusRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static JsonObject Deployment(string annotations = "") => Json.Obj(
        "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'n','generation':4" + annotations + "},'spec':{'replicas':2,'template':{'spec':{}}}}");

    [Fact]
    public void A_second_pass_changes_nothing_and_keeps_condition_times()
    {
        var d = Deployment();
        Assert.True(WorkloadStatus.Deployment(d, T0));
        var once = d.DeepClone();
        Assert.False(WorkloadStatus.Deployment(d, T0.AddHours(1)));
        Assert.True(JsonNode.DeepEquals(once, d));
        Assert.Equal("2026-03-04T05:06:07Z", d["status"]!["conditions"]![0]!["lastTransitionTime"]!.GetValue<string>());
        Assert.Equal(4, d["status"]!["observedGeneration"]!.GetValue<long>());
    }

    [Fact]
    public void Turning_a_deployment_to_fail_flips_progressing_and_moves_its_transition_time()
    {
        var d = Deployment();
        WorkloadStatus.Deployment(d, T0);
        d["metadata"]!["annotations"] = new JsonObject { ["sandbox.hawser.io/simulate"] = "fail" };
        Assert.True(WorkloadStatus.Deployment(d, T0.AddMinutes(1)));
        var progressing = d["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Progressing")!;
        Assert.Equal("False", progressing["status"]!.GetValue<string>());
        Assert.Equal("2026-03-04T05:07:07Z", progressing["lastTransitionTime"]!.GetValue<string>());
        Assert.Equal(2, d["status"]!["unavailableReplicas"]!.GetValue<long>());
    }

    [Fact]
    public void A_pending_deployment_keeps_progressing_without_becoming_available()
    {
        var d = Deployment(",'annotations':{'sandbox.hawser.io/simulate':'pending'}");
        WorkloadStatus.Deployment(d, T0);
        var conditions = d["status"]!["conditions"]!.AsArray();
        Assert.Equal("False", conditions[0]!["status"]!.GetValue<string>());
        Assert.Equal("True", conditions[1]!["status"]!.GetValue<string>());
    }

    [Fact]
    public void Stateful_sets_report_matching_revisions_and_daemon_sets_one_node()
    {
        var sts = Json.Obj("{'metadata':{'name':'db'},'spec':{'replicas':3,'template':{'a':1}}}");
        WorkloadStatus.StatefulSet(sts, T0);
        Assert.Equal(3, sts["status"]!["readyReplicas"]!.GetValue<long>());
        Assert.Equal(sts["status"]!["currentRevision"]!.GetValue<string>(), sts["status"]!["updateRevision"]!.GetValue<string>());
        var ds = Json.Obj("{'metadata':{'name':'agent'},'spec':{}}");
        WorkloadStatus.DaemonSet(ds, T0);
        Assert.Equal(1, ds["status"]!["numberReady"]!.GetValue<long>());
        Assert.Equal(1, ds["status"]!["desiredNumberScheduled"]!.GetValue<long>());
    }

    [Fact]
    public void Suspended_jobs_are_left_alone_and_pending_jobs_stay_active()
    {
        Assert.False(JobStatus.Job(Json.Obj("{'metadata':{'name':'j'},'spec':{'suspend':true}}"), T0));
        var pending = Json.Obj("{'metadata':{'name':'j','annotations':{'sandbox.hawser.io/simulate':'pending'}},'spec':{'parallelism':2}}");
        Assert.True(JobStatus.Job(pending, T0));
        Assert.Equal(2, pending["status"]!["active"]!.GetValue<long>());
        Assert.Null(pending["status"]!["conditions"]);
    }

    [Fact]
    public void Service_addresses_are_stable_and_headless_services_get_none()
    {
        var a = Json.Obj("{'metadata':{'name':'s','namespace':'n'},'spec':{}}");
        var b = Json.Obj("{'metadata':{'name':'s','namespace':'n'},'spec':{}}");
        ServiceAddresses.Service(a, T0);
        ServiceAddresses.Service(b, T0);
        Assert.Equal(a["spec"]!["clusterIP"]!.GetValue<string>(), b["spec"]!["clusterIP"]!.GetValue<string>());
        Assert.False(ServiceAddresses.Service(a, T0));
        Assert.False(ServiceAddresses.Service(Json.Obj("{'metadata':{'name':'h'},'spec':{'clusterIP':'None'}}"), T0));
        Assert.False(ServiceAddresses.Service(Json.Obj("{'metadata':{'name':'e'},'spec':{'type':'ExternalName','externalName':'x.example.com'}}"), T0));
    }

    [Fact]
    public void Failing_claims_stay_pending()
    {
        var claim = Json.Obj("{'metadata':{'name':'c','annotations':{'sandbox.hawser.io/simulate':'fail'}},'spec':{}}");
        ClaimStatus.PersistentVolumeClaim(claim, T0);
        Assert.Equal("Pending", claim["status"]!["phase"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("2s", 2000)]
    [InlineData("1.5", 1500)]
    [InlineData("1m", 60000)]
    public void The_delay_annotation_reads_milliseconds_seconds_and_minutes(string text, int milliseconds)
    {
        var obj = Json.Obj("{'metadata':{'annotations':{'sandbox.hawser.io/simulate-delay':'" + text + "'}}}");
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), SimulateAnnotation.DelayOf(obj));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-1s")]
    public void An_unreadable_delay_annotation_is_ignored(string text)
    {
        Assert.Null(SimulateAnnotation.DelayOf(Json.Obj("{'metadata':{'annotations':{'sandbox.hawser.io/simulate-delay':'" + text + "'}}}")));
    }
}

public sealed class PodAndIngressStatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static JsonObject Pod(string restartPolicy, string annotations = "") => Json.Obj(
        "{'metadata':{'name':'p','namespace':'n'" + annotations + "},'spec':{'restartPolicy':'" + restartPolicy + "','containers':[{'name':'c','image':'i'}]}}");

    [Fact]
    public void A_long_running_pod_is_running_and_ready()
    {
        var pod = Pod("Always");
        Assert.True(PodStatus.Pod(pod, T0));
        Assert.Equal("Running", pod["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("True", SandboxHttp.Condition(pod, "Ready"));
        Assert.True(pod["status"]!["containerStatuses"]![0]!["ready"]!.GetValue<bool>());
        Assert.False(PodStatus.Pod(pod, T0.AddMinutes(5)));
    }

    [Fact]
    public void A_hook_pod_succeeds_and_one_asked_to_fail_ends_failed()
    {
        var hook = Pod("Never");
        PodStatus.Pod(hook, T0);
        Assert.Equal("Succeeded", hook["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(0, hook["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["exitCode"]!.GetValue<long>());
        var failing = Pod("OnFailure", ",'annotations':{'sandbox.hawser.io/simulate':'fail'}");
        PodStatus.Pod(failing, T0);
        Assert.Equal("Failed", failing["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public void An_ingress_gets_an_address_unless_asked_to_fail()
    {
        var ingress = Json.Obj("{'metadata':{'name':'i','namespace':'n'},'spec':{}}");
        Assert.True(IngressStatus.Ingress(ingress, T0));
        Assert.StartsWith("172.21.", ingress["status"]!["loadBalancer"]!["ingress"]![0]!["ip"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(IngressStatus.Ingress(Json.Obj("{'metadata':{'name':'i','annotations':{'sandbox.hawser.io/simulate':'fail'}},'spec':{}}"), T0));
    }
}
