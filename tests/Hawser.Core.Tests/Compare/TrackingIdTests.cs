using Hawser.Compare;
using Hawser.Manifests;

namespace Hawser.Core.Tests.Compare;

public sealed class TrackingIdTests
{
    [Fact]
    public void A_tracking_id_formats_as_app_group_kind_namespace_name()
    {
        var id = new TrackingId("guestbook", new ResourceKey("apps", "Deployment", "web", "frontend"));
        Assert.Equal("guestbook:apps/Deployment:web/frontend", id.ToString());
    }

    [Fact]
    public void A_cluster_scoped_core_object_round_trips()
    {
        var id = new TrackingId("infra", new ResourceKey("", "Namespace", "", "team-a"));
        Assert.True(TrackingId.TryParse(id.ToString(), out var parsed));
        Assert.Equal(id, parsed);
        Assert.Equal("infra:/Namespace:/team-a", id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("app")]
    [InlineData("app:apps/Deployment")]
    [InlineData(":apps/Deployment:ns/name")]
    [InlineData("app:Deployment:ns/name")]
    [InlineData("app:apps/Deployment:ns/")]
    public void Malformed_tracking_ids_are_rejected(string value) => Assert.False(TrackingId.TryParse(value, out _));

    [Fact]
    public void An_app_name_holding_a_separator_cannot_write_a_tracking_id_that_reads_as_another_app()
    {
        Assert.Throws<ArgumentException>(() => new TrackingId("victim:/ConfigMap:ns/name", new ResourceKey("", "ConfigMap", "ns", "x")));
        Assert.Throws<ArgumentException>(() => new TrackingId("a/b", new ResourceKey("", "ConfigMap", "ns", "x")));
    }

    [Fact]
    public void A_name_with_colons_is_read_back_whole_and_owned_only_by_its_app()
    {
        var key = new ResourceKey("rbac.authorization.k8s.io", "ClusterRole", "", "system:aggregate-to-edit");
        var id = new TrackingId("infra", key);
        Assert.True(TrackingId.TryParse(id.ToString(), out var parsed));
        Assert.True(parsed.IsOwnedBy("infra", key));
        // What an app named "victim:/ConfigMap:ns/name" would have written reads as nobody's, never as victim's.
        Assert.False(TrackingId.TryParse("victim:/ConfigMap:ns/name:/ConfigMap:ns/x", out _));
    }

    [Fact]
    public void Ownership_requires_the_same_app_and_the_same_object()
    {
        var key = new ResourceKey("", "ConfigMap", "ns", "a");
        var id = new TrackingId("one", key);
        Assert.True(id.IsOwnedBy("one", key));
        Assert.False(id.IsOwnedBy("two", key));
        Assert.False(id.IsOwnedBy("one", key with { Name = "copy" }));
    }
}
