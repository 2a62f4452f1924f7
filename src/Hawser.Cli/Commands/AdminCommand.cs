using System.CommandLine;

namespace Hawser.Cli.Commands;

/// <summary><c>hawser admin initial-password</c>: the admin password the server generated at its first start, as
/// <c>argocd admin initial-password</c> prints it (read from <c>DATA_DIR/initial-admin-password</c>, until it is changed).</summary>
internal static class AdminCommand
{
    public static Command Create()
    {
        var command = new Command("admin", "Administration on the machine that runs the server.");
        var dataDir = new Option<string?>("--data-dir") { Description = "The server's data directory (default: $HAWSER_DATA_DIR or ~/.hawser)." };
        var initial = new Command("initial-password", "Print the admin password generated at the server's first start (until it is changed).") { dataDir };
        initial.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            var directory = Path.GetFullPath(parsed.GetValue(dataDir) ?? AppEnvironment.DefaultDataDirectory);
            var file = Path.Combine(directory, Auth.AccountService.InitialPasswordFile);
            string password;
            try
            {
                password = (await File.ReadAllTextAsync(file, ct)).Trim();
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                await Console.Error.WriteLineAsync($"error: {file} does not exist: the admin password was changed, set in argocd-secret, or the server never started with this data directory");
                return ExitCodes.Error;
            }
            catch (UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"error: {file} is readable by the server's user only; run this as that user");
                return ExitCodes.Error;
            }
            Console.Out.WriteLine(password);
            await Console.Error.WriteLineAsync("\n This password must be only used for first time login. We strongly recommend you update the password using `hawser account update-password`.");
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(initial);
        return command;
    }
}
