using System.CommandLine;
using System.Reflection;

namespace Hawser.Cli.Commands;

/// <summary><c>hawser version</c>: the Hawser version and runtime.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the Hawser version.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
            Console.WriteLine($"hawser {version} ({System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
