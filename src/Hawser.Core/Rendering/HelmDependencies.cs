using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hawser.Manifests;
using Hawser.Processes;

namespace Hawser.Rendering;

/// <summary>A chart's dependencies (Chart.yaml <c>dependencies</c>): which are missing from <c>charts/</c>, and building them.</summary>
internal static class HelmDependencies
{
    internal sealed record Dependency(string Name, string Version, string Repository);

    /// <summary>The dependencies that have neither <c>charts/&lt;name&gt;/</c> nor <c>charts/&lt;name&gt;-*.tgz</c>.</summary>
    public static IReadOnlyList<Dependency> Missing(string chartDirectory)
    {
        JsonNode? chart;
        try
        {
            chart = YamlDocuments.Parse(UntrustedText.Decode(File.ReadAllBytes(Path.Combine(chartDirectory, "Chart.yaml")), "Chart.yaml", ParseLimits.Default), "Chart.yaml").FirstOrDefault()?.Root;
        }
        catch (ManifestException e)
        {
            throw new RenderException($"invalid Chart.yaml: {e.Message}", e);
        }
        if (chart?["dependencies"] is not JsonArray dependencies) return [];
        var charts = Path.Combine(chartDirectory, "charts");
        var missing = new List<Dependency>();
        foreach (var node in dependencies.OfType<JsonObject>())
        {
            var name = node["name"]?.ToString() ?? "";
            var dependency = new Dependency(name, node["version"]?.ToString() ?? "", node["repository"]?.ToString() ?? "");
            var present = Directory.Exists(charts) &&
                (File.Exists(Path.Combine(charts, name, "Chart.yaml")) || Directory.EnumerateFiles(charts, $"{name}-*.tgz").Any());
            if (!present) missing.Add(dependency);
        }
        return missing;
    }

    /// <summary>
    /// Runs <c>helm dependency build</c> in <paramref name="chartDirectory"/> (a private copy), first registering HTTP(S)
    /// repositories under Hawser's private Helm home. <c>file://</c> dependencies must stay inside the repository.
    /// </summary>
    public static async Task BuildAsync(string root, string chartDirectory, IReadOnlyList<Dependency> missing, ToolSet tools, List<string> warnings, CancellationToken cancellationToken)
    {
        foreach (var dependency in missing)
        {
            if (dependency.Repository.StartsWith("file://", StringComparison.Ordinal))
            {
                var relative = dependency.Repository["file://".Length..];
                PathGuard.Resolve(root, chartDirectory, relative, $"chart dependency {dependency.Name}");
            }
            else if (dependency.Repository.StartsWith("http://", StringComparison.Ordinal) || dependency.Repository.StartsWith("https://", StringComparison.Ordinal))
            {
                var name = "hawser-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dependency.Repository)))[..12];
                await RunAsync(tools, ["repo", "add", "--force-update", name, dependency.Repository], chartDirectory, warnings, cancellationToken);
            }
        }
        await RunAsync(tools, ["dependency", "build", "--skip-refresh", chartDirectory], chartDirectory, warnings, cancellationToken);
    }

    private static async Task RunAsync(ToolSet tools, List<string> arguments, string directory, List<string> warnings, CancellationToken cancellationToken)
    {
        try
        {
            var result = await tools.RunAsync(tools.HelmPath, arguments, directory, cancellationToken, helmEnvironment: true);
            warnings.AddRange(ToolSet.WarningLines(result));
        }
        catch (ToolException e)
        {
            throw new RenderException($"helm {arguments[0]} {arguments[1]}: {e.Message}", e);
        }
    }
}
