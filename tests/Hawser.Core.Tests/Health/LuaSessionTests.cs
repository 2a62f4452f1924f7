using Hawser.Health;
using Hawser.Health.Lua;
using Hawser.Manifests;

namespace Hawser.Core.Tests.Health;

public sealed class LuaSessionTests
{
    private static readonly KubeObject Widget =
        ManifestReader.Read("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nstatus: {ready: true}", "w.yaml")[0];

    [Theory]
    [InlineData("return {status = \"Healthy\"}")]
    [InlineData("return nil")]
    [InlineData("error(\"boom\")")]
    [InlineData("while true do end")]
    [InlineData("hs = {")]
    [InlineData("\u001bLuaT")]
    public void The_main_lua_stack_is_balanced_after_setup_and_after_every_run(string script)
    {
        using var session = new LuaSession(new CustomHealthCheck("example.com", "Widget", script, "test"), LuaLimits.Default with { MaxInstructions = 100_000 });
        Assert.Equal(0, session.StackHeight);

        for (var run = 0; run < 3; run++)
        {
            session.Run(Widget);
            Assert.Equal(0, session.StackHeight);
        }
    }
}
