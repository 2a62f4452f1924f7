using System.CommandLine;
using Hawser.Settings;

namespace Hawser.Cli.Commands;

/// <summary>
/// <c>--settings DIR</c>: Argo CD's configuration objects (argocd-cm, argocd-cmd-params-cm, argocd-secret, cluster and
/// repository Secrets) read from a directory of manifests, the same reader the server uses. Shared by <c>render</c> and
/// the <c>app</c> verbs.
/// </summary>
internal sealed class SettingsOptions
{
    public Option<string?> Directory { get; } = new("--settings")
    {
        Description = "A directory of Argo CD settings manifests (argocd-cm, argocd-cmd-params-cm, argocd-secret, cluster and repository Secrets).",
    };

    public Option<bool> AllowExec { get; } = new("--settings-allow-exec")
    {
        Description = "Let cluster Secrets of --settings run their execProviderConfig command on this machine.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Directory);
        command.Options.Add(AllowExec);
    }

    /// <summary>The settings of <c>--settings</c> (Argo CD's defaults without it); warnings are printed to stderr once.</summary>
    /// <exception cref="SettingsException">The settings cannot be used; every problem is listed.</exception>
    public static async Task<HawserSettings> LoadAsync(string? directory, bool allowExec, CancellationToken cancellationToken)
    {
        if (directory is null) return HawserSettings.Default;
        var settings = await HawserSettings.LoadAsync(new DirectorySettingsSource(directory, allowExec), cancellationToken);
        AppOutput.Warnings(settings.Warnings.Select(w => $"settings: {w}"));
        return settings;
    }
}
