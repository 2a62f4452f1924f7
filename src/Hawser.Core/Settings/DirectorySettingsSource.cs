using Hawser.Manifests;

namespace Hawser.Settings;

/// <summary>
/// Settings from a directory of plain manifests (<c>--settings DIR</c>), typically a folder of the config repo: every
/// <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> file, sub-directories included (hidden ones such as <c>.git</c> skipped),
/// multi-document, read in path order. ConfigMaps and Secrets are used; other kinds are skipped with one warning per file.
/// </summary>
public sealed class DirectorySettingsSource : ISettingsSource
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];
    private readonly string _directory;
    private readonly string _given;
    private readonly bool _trustsExecProviders;

    /// <param name="directory">The directory.</param>
    /// <param name="trustsExecProviders">Whether cluster Secrets found here may run <c>execProviderConfig</c> commands
    /// (only when the operator controls who writes the directory).</param>
    public DirectorySettingsSource(string directory, bool trustsExecProviders = false)
    {
        _given = directory;
        _directory = Path.GetFullPath(directory);
        _trustsExecProviders = trustsExecProviders;
    }

    public string Description => $"settings directory {_directory}";

    public bool TrustsExecProviders => _trustsExecProviders;

    public async Task<SettingsInput> LoadAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_directory)) throw new SettingsException([$"{Description} does not exist"]);
        var problems = new SettingsProblems();
        var objects = new List<SettingsObject>();
        foreach (var file in Files(_directory))
        {
            // Files are named as the user would write them: the directory as given, then the path inside it.
            var display = Path.Combine(_given, Path.GetRelativePath(_directory, file));
            IReadOnlyList<KubeObject> manifests;
            try
            {
                manifests = await ManifestReader.ReadFileAsync(file, display, cancellationToken);
            }
            catch (ManifestException e)
            {
                problems.Error(e.Message);
                continue;
            }
            var skipped = new List<string>();
            foreach (var manifest in manifests)
            {
                if (manifest.ApiVersion == "v1" && manifest.Kind is "ConfigMap" or "Secret")
                {
                    var origin = manifest.Source?.ToString() ?? display;
                    if (SettingsObjectReader.Read(manifest, origin, problems) is { } read) objects.Add(read);
                }
                else
                {
                    skipped.Add($"{manifest.Kind}/{manifest.Name}");
                }
            }
            if (skipped.Count > 0) problems.Warn(display, "kind", $"only v1 ConfigMaps and Secrets are settings; skipped {string.Join(", ", skipped)}");
        }
        var ordered = SettingsInput.Normalise(objects, problems);
        problems.ThrowIfErrors();
        return new SettingsInput(Description, ordered, problems.Warnings, _trustsExecProviders);
    }

    private static IEnumerable<string> Files(string directory)
    {
        var files = new List<string>();
        var pending = new Stack<string>([directory]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(current))
            {
                if (Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase) && !Path.GetFileName(file).StartsWith('.')) files.Add(file);
            }
            foreach (var sub in Directory.EnumerateDirectories(current))
            {
                if (!Path.GetFileName(sub).StartsWith('.')) pending.Push(sub);
            }
        }
        return files.Order(StringComparer.Ordinal);
    }
}
