namespace Hawser.Rendering;

/// <summary>
/// A config management plugin declared by the operator (Argo CD's <c>ConfigManagementPlugin</c>, as written in a sidecar's
/// <c>plugin.yaml</c> or a ConfigMap holding it). Applications select it by <see cref="FullName"/> in
/// <c>spec.source.plugin.name</c>, or by its <see cref="Discover"/> rules.
/// </summary>
/// <param name="Name">metadata.name.</param>
/// <param name="Version">spec.version; when set, Applications must name the plugin <c>name-version</c>.</param>
/// <param name="Init">Runs before <paramref name="Generate"/>; its output is not read.</param>
/// <param name="Generate">Prints the manifests (YAML or JSON) on standard output.</param>
/// <param name="Discover">When the plugin applies to an app directory; null when it must be named.</param>
/// <param name="PreserveFileMode">Keep the repository's file modes (else every file is <c>0644</c>, so nothing is executable).</param>
/// <param name="Origin">The file it was read from, for messages.</param>
public sealed record ConfigManagementPlugin(
    string Name,
    string? Version,
    PluginCommand? Init,
    PluginCommand Generate,
    PluginDiscovery? Discover,
    bool PreserveFileMode,
    string Origin)
{
    /// <summary>The name Applications use: <c>name-version</c>, or <c>name</c> when there is no version.</summary>
    public string FullName => Version is null ? Name : $"{Name}-{Version}";
}

/// <summary>A plugin command: <c>command</c> then <c>args</c>, run without a shell (unless the command is one).</summary>
public sealed record PluginCommand(IReadOnlyList<string> Command, IReadOnlyList<string> Args)
{
    /// <summary>The whole argument vector.</summary>
    public IReadOnlyList<string> Argv => [.. Command, .. Args];
}

/// <summary>
/// A plugin's discovery rules. Only the first one set counts, in this order (as in Argo CD): <paramref name="FileName"/>, a glob
/// in the app directory (<c>*</c> stays inside one folder); <paramref name="FindGlob"/>, the same with <c>**</c> crossing folders;
/// <paramref name="FindCommand"/>, which matches when it exits 0 and prints something.
/// </summary>
public sealed record PluginDiscovery(string? FileName, string? FindGlob, PluginCommand? FindCommand);
