using System.CommandLine;
using Hawser.Cli.Commands;

namespace Hawser.Cli;

/// <summary>The <c>hawser</c> command: <c>hawser &lt;noun&gt; &lt;verb&gt;</c>. Exit codes: 0 ok, 1 error, 2 usage, 3 out of sync or unhealthy.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("Hawser keeps Kubernetes clusters equal to what a Git repository says.");
        foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) await Console.Error.WriteLineAsync($"error: {ParseErrors.Explain(error.Message)}");
            await Console.Error.WriteLineAsync("Run 'hawser --help' for usage.");
            return ExitCodes.Usage;
        }
        return await parsed.InvokeAsync();
    }
}
