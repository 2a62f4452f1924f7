using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.Manifests;

namespace Hawser.Rendering;

/// <summary>
/// The config management plugins the operator declared, a fingerprint of their definitions (part of render cache keys), and
/// warnings about fields Hawser ignores.
/// </summary>
public sealed record PluginCatalog(IReadOnlyList<ConfigManagementPlugin> Plugins, string Fingerprint, IReadOnlyList<string> Warnings)
{
    /// <summary>No plugins.</summary>
    public static readonly PluginCatalog Empty = new([], "", []);
}

/// <summary>
/// Reads config management plugins from a file or a directory of <c>.yaml</c>/<c>.yml</c> files. Each file holds
/// <c>ConfigManagementPlugin</c> objects (a sidecar's <c>plugin.yaml</c>) or ConfigMaps whose data entries hold one each (the
/// ConfigMap Argo CD mounts as <c>plugin.yaml</c>). Every error is reported at once, naming the file, the plugin and the field.
/// Parameter announcements (<c>spec.parameters</c>) only inform Argo CD's UI and are not read.
/// </summary>
public static class ConfigManagementPluginReader
{
    /// <summary>Reads every plugin under <paramref name="path"/>; throws <see cref="PluginConfigException"/> listing every error.</summary>
    public static async Task<PluginCatalog> LoadAsync(string path, CancellationToken cancellationToken)
    {
        string[] files;
        if (File.Exists(path)) files = [path];
        else if (Directory.Exists(path))
            files = Directory.EnumerateFiles(path).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        else throw new PluginConfigException($"config management plugins: {path} is neither a file nor a directory");

        var errors = new List<AppDiagnostic>();
        var warnings = new List<AppDiagnostic>();
        var plugins = new List<ConfigManagementPlugin>();
        var hash = new StringBuilder();
        foreach (var file in files)
        {
            var text = await File.ReadAllTextAsync(file, cancellationToken);
            hash.Append(file).Append('\n').Append(text).Append('\n');
            try
            {
                foreach (var obj in ManifestReader.Read(text, file)) ReadObject(obj, file, plugins, errors, warnings);
            }
            catch (ManifestException e)
            {
                throw new PluginConfigException($"config management plugins: {e.Message}", e);
            }
        }
        foreach (var duplicate in plugins.GroupBy(p => p.FullName, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add(new AppDiagnostic(null, $"ConfigManagementPlugin \"{duplicate.Key}\"", "metadata.name", $"declared more than once ({string.Join(", ", duplicate.Select(p => p.Origin))})"));
        if (errors.Count > 0) throw new PluginConfigException("invalid config management plugins:\n  " + string.Join("\n  ", errors));
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hash.ToString())))[..16];
        return new PluginCatalog(plugins.OrderBy(p => p.FullName, StringComparer.Ordinal).ToList(), fingerprint, warnings.Select(w => w.ToString()).ToList());
    }

    private static void ReadObject(KubeObject obj, string file, List<ConfigManagementPlugin> plugins, List<AppDiagnostic> errors, List<AppDiagnostic> warnings)
    {
        if (obj.Kind == "ConfigMap")
        {
            foreach (var (key, value) in obj.Body["data"] as JsonObject ?? [])
            {
                if (value is not JsonValue v || !v.TryGetValue<string>(out var text)) continue;
                var origin = $"{file} (ConfigMap {obj.Name}, key {key})";
                IReadOnlyList<KubeObject> inner;
                try { inner = ManifestReader.Read(text, origin); }
                catch (ManifestException e) { errors.Add(new AppDiagnostic(obj.Source, $"ConfigMap \"{obj.Name}\"", $"data.{key}", e.Message)); continue; }
                foreach (var plugin in inner.Where(o => o.Kind == "ConfigManagementPlugin")) ReadPlugin(plugin, origin, plugins, errors, warnings);
            }
            return;
        }
        if (obj.Kind != "ConfigManagementPlugin")
        {
            errors.Add(new AppDiagnostic(obj.Source, $"{obj.Kind} \"{obj.Name}\"", "kind", "expected a ConfigManagementPlugin or a ConfigMap holding one"));
            return;
        }
        ReadPlugin(obj, file, plugins, errors, warnings);
    }

    private static void ReadPlugin(KubeObject obj, string origin, List<ConfigManagementPlugin> plugins, List<AppDiagnostic> errors, List<AppDiagnostic> warnings)
    {
        var sink = new DiagnosticSink(errors, warnings, obj.Source, $"ConfigManagementPlugin \"{obj.Name}\"");
        var before = sink.ErrorCount;
        var root = new FieldCursor(obj.Body, "", sink);
        root.Skip("apiVersion", "kind", "metadata");
        if (obj.Name.Length == 0) root.Error("metadata.name", "is required");
        var spec = root.Object("spec", required: true);
        root.Finish();
        if (spec is null) return;
        var version = spec.NonEmptyString("version");
        var init = spec.Object("init") is { } i ? ReadCommand(i) : null;
        var generate = spec.Object("generate", required: true) is { } g ? ReadCommand(g) : null;
        PluginDiscovery? discover = null;
        if (spec.Object("discover") is { } d)
        {
            var fileName = d.NonEmptyString("fileName");
            string? glob = null;
            PluginCommand? command = null;
            if (d.Object("find") is { } f)
            {
                glob = f.NonEmptyString("glob");
                var argv = f.StringList("command");
                var args = f.StringList("args");
                if (argv.Count > 0) command = new PluginCommand(argv, args);
                f.Finish();
            }
            d.Finish();
            if (fileName is not null || glob is not null || command is not null) discover = new PluginDiscovery(fileName, glob, command);
        }
        var preserveFileMode = spec.Bool("preserveFileMode");
        spec.Skip("parameters", "lockRepo");
        if (spec.Bool("provideGitCreds")) spec.Warn("provideGitCreds", "Hawser never gives repository credentials to plugins; ignored");
        spec.Finish();
        if (sink.ErrorCount > before || generate is null) return;
        plugins.Add(new ConfigManagementPlugin(obj.Name, version, init, generate, discover, preserveFileMode, origin));
    }

    private static PluginCommand? ReadCommand(FieldCursor c)
    {
        var command = c.StringList("command");
        var args = c.StringList("args");
        c.Finish();
        if (command.Count == 0)
        {
            c.Error("command", "is required (the executable and, optionally, its first arguments)");
            return null;
        }
        return new PluginCommand(command, args);
    }
}

/// <summary>The operator's plugin definitions are invalid; the message lists every error with its file and field.</summary>
public sealed class PluginConfigException : Exception
{
    public PluginConfigException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
