using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.AppSets;
using Hawser.Sync;

namespace Hawser.Core.Tests;

// The source-generated contexts must write what the reflection serializer wrote before them: render cache keys and
// stored state keep their bytes.
public sealed class HawserJsonContextsTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void A_source_with_every_option_set_is_written_as_the_reflection_serializer_wrote_it()
    {
        var source = new ApplicationSource("https://example.com/repo.git", "apps/guestbook", "HEAD", "chart", "values",
            new HelmSource("rel", ["values.yaml"], "a: 1", new JsonObject { ["b"] = new JsonArray(1, "x<é") }, [new HelmParameter("p", "v", true)],
                [new HelmFileParameter("f", "file.txt")], SkipCrds: true, IgnoreMissingValueFiles: false, "1.29", ["apps/v1"], PassCredentials: true, "3", "ns"),
            new KustomizeSource(["--enable-helm"], ["nginx=nginx:1.27"], "pre-", "-suf", new Dictionary<string, string> { ["l"] = "v" },
                new Dictionary<string, string> { ["a"] = "v" }, "ns", [new KustomizeReplica("web", 2)],
                [new KustomizePatch("p.yaml", "patch", new KustomizePatchTarget("apps", "v1", "Deployment", "web", "ns", "a=b", "c=d"), new Dictionary<string, bool> { ["allowNameChange"] = true })],
                ["../c"], "5", ForceCommonLabels: true),
            new DirectorySource(true, "*.yaml", "skip.yaml", new JsonnetSource([new JsonnetVariable("v", "1", true)], [new JsonnetVariable("t", "x", false)], ["lib"])),
            new PluginSource("cmp", [new PluginEnvEntry("E", "v")], [new PluginParameter("p", "s", new Dictionary<string, string> { ["k"] = "v" }, ["i"])]))
        {
            KustomizeBuildOptions = ["--load-restrictor=LoadRestrictionsNone"],
        };

        Assert.Equal(JsonSerializer.Serialize(source, new JsonSerializerOptions()), JsonSerializer.Serialize(source, PlainJsonContext.Default.ApplicationSource));
    }

    [Fact]
    public void The_sync_step_state_is_stored_and_read_back_as_the_reflection_serializer_did()
    {
        var state = new SyncStepState(["apply/Sync/0", "wait/Sync/0"], Attempt: 2, Failing: true);

        var text = state.Serialize();

        Assert.Equal(JsonSerializer.Serialize(state, Web), text);
        var read = SyncStepState.Parse(text);
        Assert.Equal(state.CompletedSteps, read.CompletedSteps);
        Assert.Equal((2, true), (read.Attempt, read.Failing));
        Assert.Equal(2, SyncStepState.Parse("""{"COMPLETEDSTEPS":["prune"],"attempt":"2"}""").Attempt);
    }

    [Fact]
    public void ApplicationSet_conditions_are_stored_as_the_reflection_serializer_stored_them()
    {
        IReadOnlyList<AppSetCondition> conditions = [new AppSetCondition("ErrorOccurred", "ApplicationGenerationFromParamsError", "bad <value>")];

        var text = JsonSerializer.Serialize(conditions, WebJsonContext.Default.IReadOnlyListAppSetCondition);

        Assert.Equal(JsonSerializer.Serialize(conditions, Web), text);
        Assert.Equal(conditions, JsonSerializer.Deserialize(text, WebJsonContext.Default.IReadOnlyListAppSetCondition));
    }
}
