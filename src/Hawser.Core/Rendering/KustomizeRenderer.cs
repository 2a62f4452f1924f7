using Hawser.Manifests;
using Hawser.Processes;

namespace Hawser.Rendering;

/// <summary>
/// Renders a Kustomize directory with <c>kustomize build</c> (or <c>kubectl kustomize</c>) and the source's build options.
/// When the Application sets kustomize fields, or Helm charts are inflated (<c>--enable-helm</c>), the build runs on a private
/// copy of the repository (so <c>../</c> references to shared bases, components and transformers keep working) with the
/// fields written into the copied kustomization, as Argo CD's <c>kustomize edit</c> calls would.
/// </summary>
internal static class KustomizeRenderer
{
    public static async Task<RenderedManifests> RenderAsync(SourceContext context, ToolSet tools, IReadOnlyCollection<string> allowedOptions, CancellationToken cancellationToken)
    {
        var options = context.Source.KustomizeBuildOptions;
        KustomizeLoadPolicy.CheckAllowed(options, allowedOptions, context.AppPath);
        var relaxed = KustomizeLoadPolicy.Relaxing(options).Count > 0;
        var edits = context.Source.Kustomize;
        var directory = context.AppDirectory;
        var inflatesHelm = options.Contains("--enable-helm");
        if (inflatesHelm || relaxed || edits is { HasEdits: true })
        {
            // kustomize may pull charts into chartHome anywhere in the repository, and relaxed loading must see nothing but the
            // repository: give it a full private copy. Edits alone only write the app's kustomization: a shadow view (linked
            // siblings, copied app directory) is enough and much cheaper.
            var copy = Path.Combine(context.ScratchDirectory, "repo");
            var full = inflatesHelm || relaxed;
            directory = full
                ? Path.GetFullPath(Path.Combine(RepositoryCopy.Copy(context.RepoRoot, copy), context.AppPath))
                : RepositoryCopy.Shadow(context.RepoRoot, context.AppPath, copy);
            if (relaxed) KustomizeLoadPolicy.CheckPathsInside(copy);
            if (edits is { HasEdits: true })
            {
                foreach (var component in edits.Components) PathGuard.Resolve(context.RepoRoot, context.AppDirectory, component, "kustomize component");
                foreach (var patch in edits.Patches.Where(p => p.Path is not null)) PathGuard.Resolve(context.RepoRoot, context.AppDirectory, patch.Path!, "kustomize patch");
                KustomizationEditor.Apply(directory, edits);
            }
        }

        var (tool, arguments) = tools.KustomizeBuild(directory, options);
        ProcessResult result;
        try
        {
            result = await tools.RunAsync(tool, arguments, directory, cancellationToken, helmEnvironment: true);
        }
        catch (ToolException e)
        {
            throw new RenderException($"kustomize build {context.AppPath}: {KustomizeErrors.Describe(e)}", e);
        }
        try
        {
            var objects = ManifestReader.Read(result.StandardOutput, $"kustomize build {context.AppPath}");
            return new RenderedManifests(objects, ToolSet.WarningLines(result).ToList());
        }
        catch (ManifestException e)
        {
            throw new RenderException(e.Message, e);
        }
    }
}
