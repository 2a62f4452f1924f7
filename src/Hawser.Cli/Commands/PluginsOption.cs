using System.CommandLine;
using Hawser.Rendering;

namespace Hawser.Cli.Commands;

/// <summary>The <c>--plugins</c> option (config management plugin definitions) shared by <c>render</c> and the <c>app</c> verbs.</summary>
internal static class PluginsOption
{
    public static Option<string?> Create() => new("--plugins")
    {
        Description = "Config management plugins: a plugin.yaml (ConfigManagementPlugin, or a ConfigMap holding it) or a directory of them.",
    };

    /// <summary>Reads the renderer's plugin definitions; prints their warnings, or the error and returns false.</summary>
    public static async Task<bool> CheckAsync(AppRenderer renderer)
    {
        try
        {
            foreach (var warning in (await renderer.PluginsAsync()).Warnings) await Console.Error.WriteLineAsync($"warning: {warning}");
            return true;
        }
        catch (PluginConfigException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return false;
        }
    }
}
