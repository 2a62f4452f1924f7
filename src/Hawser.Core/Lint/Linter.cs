using Hawser.Apps;
using Hawser.Manifests;

namespace Hawser.Lint;

/// <summary>
/// <c>hawser lint</c>'s core: checks a config repo whose apps were found and rendered (<see cref="ConfigRepoApps"/>) and returns
/// every finding, each with its rule id, severity, file, line and app, in file, line and rule order. Rules:
/// <see cref="DiscoveryRule"/> (render failures, invalid Argo CD objects), <see cref="YamlReadingRule"/> (duplicate keys, YAML 1.1
/// booleans and octals), <see cref="OwnershipRule"/> (two apps, one object), <see cref="PlacementRule"/> (default namespace,
/// AppProject permissions), <see cref="ApiVersionRule"/> (deprecated and removed APIs), <see cref="PinningRule"/> and
/// <see cref="HelmChartsRule"/> (unpinned sources, the helmCharts conventions). <see cref="LintConfig"/> turns rules on and off
/// and sets their severity.
/// </summary>
public static class Linter
{
    private static readonly ILintRule[] Rules =
        [new DiscoveryRule(), new YamlReadingRule(), new OwnershipRule(), new PlacementRule(), new ApiVersionRule(), new PinningRule(), new HelmChartsRule()];

    /// <summary>Reads the repo's YAML files from <see cref="ConfigRepoInventory.Tree"/> and runs every enabled rule.</summary>
    public static async Task<IReadOnlyList<LintFinding>> RunAsync(LintInput input, LintConfig config, CancellationToken cancellationToken)
    {
        var sources = new List<YamlSource>();
        foreach (var file in ConfigRepoFiles.List(input.Inventory.Tree).Where(f => !f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
        {
            string text;
            try { text = await UntrustedText.ReadFileAsync(Path.Combine(input.Inventory.Tree, file), file, ParseLimits.Default, cancellationToken); }
            catch (ManifestException e) { sources.Add(new YamlSource(file, [], (e.Location.Line, e.Message))); continue; }
            sources.Add(YamlSource.Parse(file, text));
        }
        return Run(new LintContext(input, sources), config);
    }

    internal static IReadOnlyList<LintFinding> Run(LintContext context, LintConfig config)
    {
        var findings = new List<LintFinding>();
        foreach (var rule in Rules)
        {
            foreach (var finding in rule.Check(context))
            {
                var (enabled, severity) = config.For(finding.Rule);
                if (enabled) findings.Add(finding with { Severity = severity });
            }
        }
        return findings
            .Distinct()
            .OrderBy(f => f.File ?? "\uffff", StringComparer.Ordinal).ThenBy(f => f.Line ?? 0).ThenBy(f => f.Rule, StringComparer.Ordinal)
            .ThenBy(f => f.App ?? "", StringComparer.Ordinal).ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToList();
    }
}
