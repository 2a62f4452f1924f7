using Hawser.Core.Tests.Fakes;
using Hawser.State;
using Hawser.Sync;

namespace Hawser.Core.Tests.Sync;

public sealed class ResourceDirectivesTests
{
    private static ResourceDirectives Of(string annotations) =>
        ResourceDirectives.Of(Yaml.ConfigMap("x", annotations: annotations), SyncOptionSet.Default);

    [Fact]
    public void An_ordinary_object_is_wave_zero_and_no_hook()
    {
        var d = Of("");
        Assert.Equal(0, d.Wave);
        Assert.Null(d.Hook);
    }

    [Theory]
    [InlineData("argocd.argoproj.io/sync-wave: \"-2\"", -2)]
    [InlineData("hawser.io/sync-wave: \"5\"", 5)]
    [InlineData("hawser.io/sync-wave: \"1\";argocd.argoproj.io/sync-wave: \"3\"", 1)]
    public void The_wave_comes_from_either_annotation(string annotations, int wave) => Assert.Equal(wave, Of(annotations).Wave);

    [Theory]
    [InlineData("helm.sh/hook-weight: \"2\"", 2)]
    [InlineData("helm.sh/hook-weight: \"-3\";argocd.argoproj.io/hook: Sync", -3)]
    [InlineData("helm.sh/hook-weight: \"2\";argocd.argoproj.io/sync-wave: \"7\"", 7)]
    public void Helm_hook_weight_is_the_wave_of_any_object_without_a_sync_wave(string annotations, int wave) => Assert.Equal(wave, Of(annotations).Wave);

    [Fact]
    public void A_malformed_wave_is_warned_and_counts_as_zero()
    {
        var d = Of("argocd.argoproj.io/sync-wave: soon");
        Assert.Equal(0, d.Wave);
        Assert.Single(d.Warnings);
    }

    [Fact]
    public void Argo_hooks_list_their_phases_and_default_to_before_hook_creation()
    {
        var d = Of("argocd.argoproj.io/hook: PostSync,PreSync");
        Assert.Equal([SyncTaskPhase.PreSync, SyncTaskPhase.PostSync], d.Hook!.Phases);
        Assert.Equal(HookDeletePolicy.BeforeHookCreation, d.Hook.DeletePolicy);
    }

    [Fact]
    public void A_skip_hook_is_never_applied()
    {
        Assert.True(Of("argocd.argoproj.io/hook: Skip").Hook!.Skip);
    }

    [Theory]
    [InlineData("pre-install", SyncTaskPhase.PreSync)]
    [InlineData("pre-upgrade", SyncTaskPhase.PreSync)]
    [InlineData("post-install", SyncTaskPhase.PostSync)]
    [InlineData("post-upgrade", SyncTaskPhase.PostSync)]
    public void Helm_hooks_map_to_argo_phases(string helm, SyncTaskPhase phase)
    {
        Assert.Equal([phase], Of($"helm.sh/hook: {helm}").Hook!.Phases);
    }

    [Fact]
    public void Helm_hook_weight_is_the_wave_and_delete_policies_map()
    {
        var d = Of("helm.sh/hook: pre-install,pre-upgrade;helm.sh/hook-weight: \"-5\";helm.sh/hook-delete-policy: hook-succeeded,hook-failed");
        Assert.Equal(-5, d.Wave);
        Assert.Equal([SyncTaskPhase.PreSync], d.Hook!.Phases);
        Assert.Equal(HookDeletePolicy.HookSucceeded | HookDeletePolicy.HookFailed, d.Hook.DeletePolicy);
    }

    [Fact]
    public void Helm_hooks_without_an_argo_phase_never_run_and_crd_install_is_no_hook()
    {
        Assert.Empty(Of("helm.sh/hook: pre-delete").Hook!.Phases);
        Assert.Null(Of("helm.sh/hook: crd-install").Hook);
    }

    [Fact]
    public void The_argo_hook_annotation_wins_over_helms()
    {
        var d = Of("argocd.argoproj.io/hook: Sync;helm.sh/hook: pre-install");
        Assert.Equal([SyncTaskPhase.Sync], d.Hook!.Phases);
        Assert.False(d.Hook.FromHelm);
    }

    [Fact]
    public void Per_object_sync_options_and_compare_options_are_read_once()
    {
        var d = Of("argocd.argoproj.io/sync-options: Prune=false,Replace=true;argocd.argoproj.io/compare-options: IgnoreExtraneous,ServerSideDiff=true");
        Assert.False(d.Options.Prune);
        Assert.True(d.Options.Replace);
        Assert.True(d.IgnoreExtraneous);
        Assert.Empty(d.Warnings);
    }
}
