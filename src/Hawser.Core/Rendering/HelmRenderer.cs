using System.Text;
using Hawser.Apps;
using Hawser.Manifests;
using Hawser.Processes;

namespace Hawser.Rendering;

/// <summary>
/// Renders a Helm chart with <c>helm template</c>, with Argo CD's options: release name (the app name by default), the destination
/// (or <c>helm.namespace</c>) namespace, value files in order (relative to the chart, or <c>$ref/path</c> into a ref source),
/// inline values after them, <c>--set</c>/<c>--set-string</c>/<c>--set-file</c>, <c>--kube-version</c>, <c>--api-versions</c>, and CRDs
/// unless <c>skipCrds</c>. Missing dependencies are built with <c>helm dependency build</c> in a private copy of the repository.
/// </summary>
internal static class HelmRenderer
{
    public static async Task<RenderedManifests> RenderAsync(SourceContext context, ToolSet tools, CancellationToken cancellationToken)
    {
        var helm = context.Source.Helm;
        var warnings = new List<string>();
        var chartDirectory = context.AppDirectory;
        var root = context.RepoRoot;

        if (!File.Exists(Path.Combine(chartDirectory, "Chart.yaml")))
            throw new RenderException($"{context.AppPath}: no Chart.yaml in the chart directory");
        var missing = HelmDependencies.Missing(chartDirectory);
        if (missing.Count > 0)
        {
            root = RepositoryCopy.Copy(context.RepoRoot, Path.Combine(context.ScratchDirectory, "repo"));
            chartDirectory = Path.GetFullPath(Path.Combine(root, context.AppPath));
            await HelmDependencies.BuildAsync(root, chartDirectory, missing, tools, warnings, cancellationToken);
        }

        var release = helm?.ReleaseName ?? context.AppName;
        var arguments = new List<string> { "template", release, chartDirectory };
        var ns = helm?.Namespace ?? context.Namespace;
        if (ns.Length > 0) arguments.AddRange(["--namespace", ns]);
        if (helm?.KubeVersion is { } kubeVersion) arguments.AddRange(["--kube-version", kubeVersion]);

        if (helm is not null)
        {
            for (var i = 0; i < helm.ValueFiles.Count; i++)
            {
                var file = ResolveValueFile(context, root, chartDirectory, helm.ValueFiles[i], $"helm valueFiles[{i}]");
                if (file is not null) arguments.AddRange(["--values", file]);
                else warnings.Add($"value file {helm.ValueFiles[i]} not found, skipped (ignoreMissingValueFiles)");
            }
            var inline = helm.ValuesObject is not null ? ManifestWriter.ToYaml(helm.ValuesObject) : helm.Values;
            if (inline is not null)
            {
                var path = Path.Combine(context.ScratchDirectory, "inline-values.yaml");
                await File.WriteAllTextAsync(path, inline, cancellationToken);
                arguments.AddRange(["--values", path]);
            }
            foreach (var parameter in helm.Parameters)
                arguments.AddRange([parameter.ForceString ? "--set-string" : "--set", $"{parameter.Name}={EscapeSetValue(parameter.Value)}"]);
            for (var i = 0; i < helm.FileParameters.Count; i++)
            {
                var p = helm.FileParameters[i];
                var path = PathGuard.Resolve(root, chartDirectory, p.Path, $"helm fileParameters[{i}] ({p.Name})");
                if (!File.Exists(path)) throw new RenderException($"helm fileParameters[{i}] ({p.Name}) \"{p.Path}\": file not found");
                arguments.AddRange(["--set-file", $"{p.Name}={path}"]);
            }
            foreach (var apiVersion in helm.ApiVersions) arguments.AddRange(["--api-versions", apiVersion]);
        }
        arguments.Add(helm?.SkipCrds == true ? "--skip-crds" : "--include-crds");

        ProcessResult result;
        try
        {
            result = await tools.RunAsync(tools.HelmPath, arguments, chartDirectory, cancellationToken, helmEnvironment: true);
        }
        catch (ToolException e)
        {
            throw new RenderException($"helm template {context.AppPath}: {e.Message}", e);
        }
        warnings.AddRange(ToolSet.WarningLines(result));
        try
        {
            return new RenderedManifests(ManifestReader.Read(result.StandardOutput, $"helm template {context.AppPath}"), warnings);
        }
        catch (ManifestException e)
        {
            throw new RenderException(e.Message, e);
        }
    }

    /// <summary>
    /// A value file's full path, or null when it is missing and missing files are allowed. <c>$ref/path</c> points into a ref
    /// source's work tree; anything else is relative to the chart directory. Either way the file must stay inside its repository.
    /// </summary>
    private static string? ResolveValueFile(SourceContext context, string root, string chartDirectory, string valueFile, string what)
    {
        if (valueFile.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || valueFile.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            throw new RenderException($"{what} \"{valueFile}\": remote value files are not supported; commit the file or use a ref source");
        string path;
        if (valueFile.StartsWith('$'))
        {
            var slash = valueFile.IndexOf('/', StringComparison.Ordinal);
            var name = slash < 0 ? valueFile[1..] : valueFile[1..slash];
            if (!context.RefRoots.TryGetValue(name, out var refRoot))
                throw new RenderException($"{what} \"{valueFile}\": no source with ref \"{name}\" in spec.sources");
            var rest = slash < 0 ? "" : valueFile[(slash + 1)..];
            path = PathGuard.Resolve(refRoot, refRoot, rest, what);
        }
        else
        {
            path = PathGuard.Resolve(root, chartDirectory, valueFile, what);
        }
        if (File.Exists(path)) return path;
        if (context.Source.Helm?.IgnoreMissingValueFiles == true) return null;
        throw new RenderException($"{what} \"{valueFile}\": file not found (set ignoreMissingValueFiles to skip missing files)");
    }

    /// <summary>Escapes commas as Argo CD does for <c>--set</c> values, leaving <c>{a,b}</c> list syntax and escaped commas alone.</summary>
    internal static string EscapeSetValue(string value)
    {
        if (value.StartsWith('{') && value.EndsWith('}')) return value;
        var sb = new StringBuilder(value.Length + 4);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == ',' && (i == 0 || value[i - 1] != '\\')) sb.Append('\\');
            sb.Append(value[i]);
        }
        return sb.ToString();
    }
}
