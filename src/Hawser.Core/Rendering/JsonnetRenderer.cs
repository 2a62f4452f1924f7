using Hawser.Apps;
using Hawser.Manifests;
using Hawser.Processes;

namespace Hawser.Rendering;

/// <summary>
/// Evaluates one <c>.jsonnet</c> file of a directory source with the <c>jsonnet</c> tool, as Argo CD does: external variables and
/// top-level arguments from <c>directory.jsonnet</c> (strings, or code with <c>code: true</c>; values substituted with the build
/// environment), the app directory and then every <c>libs</c> entry (relative to the repository root) as library search paths.
/// The output may be one object, an array of objects, or a <c>List</c>.
/// </summary>
internal static class JsonnetRenderer
{
    public static async Task<IReadOnlyList<KubeObject>> RenderFileAsync(SourceContext context, ToolSet tools, string file, string display, CancellationToken cancellationToken)
    {
        var options = context.Source.Directory?.Jsonnet;
        var arguments = new List<string> { "-J", context.AppDirectory };
        foreach (var (lib, i) in (options?.Libs ?? []).Select((l, i) => (l, i)))
            arguments.AddRange(["-J", PathGuard.Resolve(context.RepoRoot, context.RepoRoot, lib, $"directory.jsonnet.libs[{i}]")]);
        foreach (var variable in options?.ExtVars ?? []) arguments.AddRange([variable.Code ? "--ext-code" : "--ext-str", Argument(variable, context)]);
        foreach (var argument in options?.Tlas ?? []) arguments.AddRange([argument.Code ? "--tla-code" : "--tla-str", Argument(argument, context)]);
        arguments.AddRange(["--", file]);

        ProcessResult result;
        try
        {
            // No JSONNET_PATH from the host: only the app directory and the declared libs are searched.
            result = await tools.RunAsync(tools.JsonnetPath, arguments, context.AppDirectory, cancellationToken, environment: NoHostLibraries);
        }
        catch (ToolException e)
        {
            throw new RenderException($"jsonnet {display}: {e.Message}", e);
        }
        try
        {
            return ManifestReader.Read(result.StandardOutput, display);
        }
        catch (ManifestException e)
        {
            throw new RenderException(e.Message, e);
        }
    }

    private static readonly Dictionary<string, string?> NoHostLibraries = new(StringComparer.Ordinal) { ["JSONNET_PATH"] = null };

    private static string Argument(JsonnetVariable variable, SourceContext context) =>
        $"{variable.Name}={BuildEnvironment.Substitute(variable.Value, context.Build)}";
}
