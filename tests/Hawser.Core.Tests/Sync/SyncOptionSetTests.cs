using Hawser.Kubernetes;
using Hawser.Sync;

namespace Hawser.Core.Tests.Sync;

public sealed class SyncOptionSetTests
{
    [Fact]
    public void Defaults_are_argo_cds()
    {
        var o = SyncOptionSet.Default;
        Assert.True(o.Prune);
        Assert.False(o.PruneLast);
        Assert.True(o.ServerSideApply);
        Assert.True(o.Validate);
        Assert.Equal(PropagationPolicy.Foreground, o.PrunePropagationPolicy);
    }

    [Fact]
    public void Every_known_option_is_parsed_into_its_property()
    {
        var o = SyncOptionSet.Parse([
            "Prune=false", "PruneLast=true", "CreateNamespace=true", "ApplyOutOfSyncOnly=true", "Replace=true",
            "ServerSideApply=true", "Validate=false", "PrunePropagationPolicy=orphan", "SkipDryRunOnMissingResource=true"]);
        Assert.Equal(new SyncOptionSet(false, true, true, true, true, true, false, PropagationPolicy.Orphan, true, []), o with { Warnings = [] });
        Assert.Empty(o.Warnings!);
    }

    [Fact]
    public void Object_annotations_override_the_apps_options()
    {
        var app = SyncOptionSet.Parse(["PruneLast=true", "PrunePropagationPolicy=background"]);
        var obj = SyncOptionSet.ParseAnnotation("Prune=false, PrunePropagationPolicy=foreground", app);
        Assert.False(obj.Prune);
        Assert.True(obj.PruneLast);
        Assert.Equal(PropagationPolicy.Foreground, obj.PrunePropagationPolicy);
    }

    [Fact]
    public void Unknown_or_malformed_options_are_warned_by_name()
    {
        var o = SyncOptionSet.Parse(["Frobnicate=true", "Prune=maybe", "PrunePropagationPolicy=sideways"]);
        Assert.Equal(3, o.Warnings!.Count);
        Assert.Contains(o.Warnings, w => w.Contains("Frobnicate=true", StringComparison.Ordinal));
        Assert.True(o.Prune);
    }
}
