using Hawser.Apps;

namespace Hawser.Rendering;

/// <summary>Everything one renderer needs for one source, with paths already checked.</summary>
/// <param name="RepoRoot">The repository work tree (or unpacked chart) the source lives in; never written to.</param>
/// <param name="AppPath">The source's path relative to <paramref name="RepoRoot"/> (<c>.</c> for the root).</param>
/// <param name="AppDirectory">The full path of the app directory, inside <paramref name="RepoRoot"/>.</param>
/// <param name="AppName">The Application's name (Helm's default release name).</param>
/// <param name="Namespace">The destination namespace (empty when not set).</param>
/// <param name="Source">The source and its options.</param>
/// <param name="RefRoots">Work trees of the app's <c>ref</c> sources, by ref name, for <c>$ref/path</c> value files.</param>
/// <param name="ScratchDirectory">A private directory for copies and temp files, deleted after the render.</param>
/// <param name="Build">Argo CD's build environment for this source (<see cref="BuildEnvironment"/>).</param>
internal sealed record SourceContext(
    string RepoRoot,
    string AppPath,
    string AppDirectory,
    string AppName,
    string Namespace,
    ApplicationSource Source,
    IReadOnlyDictionary<string, string> RefRoots,
    string ScratchDirectory,
    IReadOnlyDictionary<string, string> Build);

/// <summary>Which tool renders a source.</summary>
public enum RendererKind
{
    Directory,
    Kustomize,
    Helm,
    Plugin,
}

/// <summary>Argo CD's choice of renderer.</summary>
internal static class RendererChoice
{
    public static readonly string[] KustomizationFiles = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    /// <summary>A plugin renders the source when it has a <c>plugin</c> block, or no explicit type (a plugin may discover it).</summary>
    public static bool MayUsePlugin(ApplicationSource source) =>
        source.Plugin is not null || (!source.IsChart && source.Helm is null && source.Kustomize is null && source.Directory is null);

    public static RendererKind Choose(ApplicationSource source, string appDirectory)
    {
        if (source.IsChart || source.Helm is not null) return RendererKind.Helm;
        if (source.Kustomize is not null) return RendererKind.Kustomize;
        if (source.Directory is not null) return RendererKind.Directory;
        if (File.Exists(Path.Combine(appDirectory, "Chart.yaml"))) return RendererKind.Helm;
        if (KustomizationFiles.Any(f => File.Exists(Path.Combine(appDirectory, f)))) return RendererKind.Kustomize;
        return RendererKind.Directory;
    }
}
