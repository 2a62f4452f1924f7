using Hawser.Globs;
using Hawser.Manifests;
using Hawser.Processes;

namespace Hawser.Rendering;

/// <summary>
/// Renders a source with a config management plugin, as Argo CD's plugin sidecar does. The plugin is the one the source names in
/// <c>plugin.name</c> (an error when none is declared by that name, or when its discovery rules do not match the app), else the
/// first declared plugin, by name, whose discovery rules match. Its commands run in a private copy of the repository (never the
/// shared work tree), in the app directory, with <see cref="PluginEnvironment"/> as their whole environment and a timeout per
/// command; files lose their execute bits unless the plugin sets <c>preserveFileMode</c>. <c>init</c> runs first (its output is
/// ignored), then <c>generate</c>, whose standard output is read as a manifest stream and whose standard error becomes warnings.
/// </summary>
internal sealed class PluginRenderer
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirectoryMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly SourceContext _context;
    private readonly ToolSet _tools;
    private readonly TimeSpan _timeout;
    private readonly Dictionary<string, string?> _environment;
    private string? _copyAppDirectory;

    private PluginRenderer(SourceContext context, ToolSet tools, TimeSpan timeout)
    {
        _context = context;
        _tools = tools;
        _timeout = timeout;
        var home = Directory.CreateDirectory(Path.Combine(context.ScratchDirectory, "plugin-home")).FullName;
        var temp = Directory.CreateDirectory(Path.Combine(context.ScratchDirectory, "plugin-tmp")).FullName;
        _environment = PluginEnvironment.Build(context, home, temp);
    }

    /// <summary>
    /// Renders the source with its plugin; null when the source names no plugin and no declared plugin discovers it (another
    /// renderer then applies).
    /// </summary>
    public static async Task<RenderedManifests?> TryRenderAsync(SourceContext context, PluginCatalog catalog, ToolSet tools, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var requested = context.Source.Plugin;
        if (requested is null && !catalog.Plugins.Any(p => p.Discover is not null)) return null;
        var renderer = new PluginRenderer(context, tools, timeout);
        var plugin = await renderer.SelectAsync(catalog, cancellationToken);
        return plugin is null ? null : await renderer.RenderAsync(plugin, cancellationToken);
    }

    private async Task<ConfigManagementPlugin?> SelectAsync(PluginCatalog catalog, CancellationToken cancellationToken)
    {
        var requested = _context.Source.Plugin;
        var declared = catalog.Plugins.Count == 0 ? "none is declared" : "declared: " + string.Join(", ", catalog.Plugins.Select(p => p.FullName));
        if (requested?.Name is { } name)
        {
            var plugin = catalog.Plugins.FirstOrDefault(p => p.FullName == name)
                ?? throw new RenderException($"spec.source.plugin.name \"{name}\": no config management plugin of that name ({declared}; a plugin with a version is named name-version)");
            if (plugin.Discover is not null && !await MatchesAsync(plugin, cancellationToken))
                throw new RenderException($"config management plugin \"{name}\" does not support {_context.AppPath} (its discover rules do not match)");
            return plugin;
        }
        foreach (var plugin in catalog.Plugins.Where(p => p.Discover is not null))
        {
            if (await MatchesAsync(plugin, cancellationToken)) return plugin;
        }
        if (requested is not null)
            throw new RenderException($"spec.source.plugin: no config management plugin discovers {_context.AppPath} ({declared}); name one in plugin.name");
        return null;
    }

    private async Task<bool> MatchesAsync(ConfigManagementPlugin plugin, CancellationToken cancellationToken)
    {
        var discover = plugin.Discover!;
        try
        {
            if (discover.FileName is not null) return DiscoveryFiles.AnyMatch(_context.AppDirectory, discover.FileName, GlobOptions.PluginFileName);
            if (discover.FindGlob is not null) return DiscoveryFiles.AnyMatch(_context.AppDirectory, discover.FindGlob, GlobOptions.PluginFindGlob);
        }
        catch (FormatException e)
        {
            throw new RenderException($"config management plugin \"{plugin.FullName}\" ({plugin.Origin}): discover: {e.Message}", e);
        }
        try
        {
            var result = await _tools.RunAsync(Spec(discover.FindCommand!, CopyAppDirectory()), cancellationToken);
            return result.StandardOutput.Trim().Length > 0;
        }
        catch (ToolException)
        {
            return false; // a failing find command means "not this plugin", as in Argo CD
        }
    }

    private async Task<RenderedManifests> RenderAsync(ConfigManagementPlugin plugin, CancellationToken cancellationToken)
    {
        var directory = CopyAppDirectory();
        if (!plugin.PreserveFileMode && !OperatingSystem.IsWindows()) ResetModes(Path.Combine(_context.ScratchDirectory, "plugin-repo"));
        var what = $"plugin {plugin.FullName}";
        if (plugin.Init is { } init) await RunAsync(init, directory, $"{what} init", cancellationToken);
        var result = await RunAsync(plugin.Generate, directory, $"{what} generate", cancellationToken);
        try
        {
            var objects = ManifestReader.Read(result.StandardOutput, $"{what} generate ({_context.AppPath})");
            return new RenderedManifests(objects, ToolSet.WarningLines(result).Select(l => $"{what}: {l}").ToList());
        }
        catch (ManifestException e)
        {
            throw new RenderException(e.Message, e);
        }
    }

    private async Task<ProcessResult> RunAsync(PluginCommand command, string directory, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await _tools.RunAsync(Spec(command, directory), cancellationToken);
        }
        catch (ToolException e)
        {
            throw new RenderException($"{what} ({_context.AppPath}): {e.Message}", e);
        }
    }

    // A relative executable such as ./gen.sh is found in the app directory, as Go's exec does for a command with a directory.
    private ProcessSpec Spec(PluginCommand command, string directory)
    {
        var executable = command.Argv[0];
        if (executable.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(executable)) executable = Path.GetFullPath(Path.Combine(directory, executable));
        return new ProcessSpec(executable, command.Argv.Skip(1).ToList(), directory, _timeout, _environment) { InheritEnvironment = false };
    }

    private string CopyAppDirectory()
    {
        if (_copyAppDirectory is not null) return _copyAppDirectory;
        var root = RepositoryCopy.Copy(_context.RepoRoot, Path.Combine(_context.ScratchDirectory, "plugin-repo"));
        _copyAppDirectory = Path.GetFullPath(Path.Combine(root, _context.AppPath));
        return _copyAppDirectory;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void ResetModes(string directory)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            var info = new FileInfo(entry);
            if (info.LinkTarget is not null) continue;
            if ((info.Attributes & FileAttributes.Directory) != 0)
            {
                File.SetUnixFileMode(entry, DirectoryMode);
                ResetModes(entry);
            }
            else
            {
                File.SetUnixFileMode(entry, FileMode);
            }
        }
    }
}
