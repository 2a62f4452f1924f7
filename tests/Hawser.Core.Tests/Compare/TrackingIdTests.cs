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
    public void Ownership_requires_the_same_app_and_the_same_object()
    {
        var key = new ResourceKey("", "ConfigMap", "ns", "a");
        var id = new TrackingId("one", key);
        Assert.True(id.IsOwnedBy("one", key));
        Assert.False(id.IsOwnedBy("two", key));
        Assert.False(id.IsOwnedBy("one", key with { Name = "copy" }));
    }
}
