using Hawser.Compare;
using Hawser.Core.Tests.Fakes;
using Hawser.Manifests;

namespace Hawser.Core.Tests.Compare;

public sealed class AppliedFingerprintTests
{
    private static KubeObject Stamped(string value)
    {
        var obj = Yaml.ConfigMap("a", value, ns: "default");
        AppliedFingerprint.Stamp(obj);
        return obj;
    }

    private static KubeObject Live(KubeObject applied, string managedFields)
    {
        var live = applied.DeepClone();
        live.EnsureMetadata()["managedFields"] = System.Text.Json.Nodes.JsonNode.Parse(managedFields);
        return live;
    }

    private const string OursOnly = """[{"manager":"hawser","operation":"Apply","time":"2026-01-01T10:00:00Z"},{"manager":"kubelet","operation":"Update","subresource":"status","time":"2026-01-01T11:00:00Z"}]""";

    [Fact]
    public void The_same_object_gets_the_same_fingerprint_whatever_its_key_order()
    {
        var a = Yaml.One("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: '1', y: '2'}");
        var b = Yaml.One("kind: ConfigMap\napiVersion: v1\ndata: {y: '2', x: '1'}\nmetadata: {name: a}");
        AppliedFingerprint.Stamp(a);
        AppliedFingerprint.Stamp(b);
        Assert.Equal(a.GetAnnotation(AppliedFingerprint.Annotation), b.GetAnnotation(AppliedFingerprint.Annotation));
        Assert.NotEqual(a.GetAnnotation(AppliedFingerprint.Annotation), Stamped("other").GetAnnotation(AppliedFingerprint.Annotation));
    }

    [Fact]
    public void An_object_last_written_by_hawser_with_the_same_fingerprint_is_proven_synced()
    {
        var desired = Stamped("v");
        Assert.True(AppliedFingerprint.ProvesSynced(Live(desired, OursOnly), desired));
    }

    [Fact]
    public void A_changed_desired_object_is_not_proven_synced()
    {
        Assert.False(AppliedFingerprint.ProvesSynced(Live(Stamped("old"), OursOnly), Stamped("new")));
    }

    [Fact]
    public void A_later_write_by_another_manager_falls_back_to_the_dry_run()
    {
        var desired = Stamped("v");
        var edited = Live(desired, """[{"manager":"hawser","operation":"Apply","time":"2026-01-01T10:00:00Z"},{"manager":"kubectl-edit","operation":"Update","time":"2026-01-01T10:00:00Z"}]""");
        Assert.False(AppliedFingerprint.ProvesSynced(edited, desired));
        Assert.False(AppliedFingerprint.ProvesSynced(Live(desired, "[]"), desired));
    }

    [Fact]
    public void Secrets_are_never_fingerprinted()
    {
        var secret = Yaml.One("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: hunter2}");
        AppliedFingerprint.Stamp(secret);
        Assert.Null(secret.GetAnnotation(AppliedFingerprint.Annotation));
    }
}
