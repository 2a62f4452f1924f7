using System.CommandLine;

namespace Hawser.Cli.Commands;

/// <summary>Every top-level noun of the CLI. Add one line per noun.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return SandboxCommand.Create();
        yield return RenderCommand.Create();
        yield return AppCommand.Create();
        yield return AppSetCommand.Create();
        yield return LintCommand.Create();
        yield return ImageCommand.Create();
        yield return ServerCommand.Create();
        yield return NotificationsCommand.Create();
        yield return PreviewCommand.Create();
        yield return GenerateCommand.Create();
        yield return LoginCommand.Login();
        yield return LoginCommand.Logout();
        yield return LoginCommand.Context();
        yield return ProjCommand.Create();
        yield return ClusterCommand.Create();
        yield return RepoCommand.Create();
        yield return AccountCommand.Create();
        yield return AdminCommand.Create();
        yield return AuditCommand.Create();
    }
}
