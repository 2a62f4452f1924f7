namespace Hawser.Rendering;

/// <summary>
/// Rendering: an Application's sources to the exact set of Kubernetes objects they declare.
/// <para>
/// <b>Choosing a renderer</b> (as Argo CD chooses): an explicit <c>helm</c>, <c>kustomize</c>, <c>directory</c> or <c>plugin</c> block
/// wins; otherwise an operator-declared config management plugin whose discovery rules match, then a chart source or a directory
/// holding <c>Chart.yaml</c> renders with Helm, a directory holding <c>kustomization.yaml</c>, <c>kustomization.yml</c> or
/// <c>Kustomization</c> with Kustomize, anything else as a directory of manifests.
/// </para>
/// <para>
/// <b>Directory</b>: <c>.yaml</c>, <c>.yml</c> and <c>.json</c> files, <c>.jsonnet</c> files evaluated by <c>jsonnet</c> with the
/// source's ext vars, top-level arguments and libs (others ignored), sub-directories only with <c>recurse</c>,
/// <c>include</c>/<c>exclude</c> globs matched against the path relative to the app directory (<c>*</c> crosses folders,
/// <c>{a,b}</c> alternatives), files read in walk order. <b>Kustomize</b>: <c>kustomize build</c> (or <c>kubectl kustomize</c> when no
/// standalone kustomize is on PATH) with the safe subset of build options; the Application's kustomize fields are written into a
/// copy of the repository, as Argo CD's <c>kustomize edit</c> calls would. <b>Helm</b>: <c>helm template</c> with release name,
/// namespace, value files in order, inline values after them, <c>--set</c>/<c>--set-string</c>/<c>--set-file</c>, CRDs unless
/// <c>skipCrds</c>; missing dependencies are built in a temporary copy, never in the shared work tree. <b>Plugin</b>
/// (<see cref="PluginRenderer"/>): the plugin's <c>init</c> and <c>generate</c> commands in a private copy of the repository,
/// with Argo CD's build environment and nothing else of the host's.
/// </para>
/// <para>
/// <b>Path safety</b> (<see cref="PathGuard"/>): every path from Git or an Application must resolve inside its repository after
/// following symbolic links, and a repository holding a symbolic link that points outside itself is refused before any tool
/// reads it (Argo CD's out-of-bounds symlink check), so a chart cannot <c>.Files.Get</c> a host file.
/// </para>
/// <para>
/// <b>Cache</b> (<see cref="RenderCache"/>): keyed by repository, commit, path, every render option and the tool versions; a hit runs
/// neither git nor any tool. Revisions (branch → commit) are remembered for a short time, like Argo CD's revision cache.
/// </para>
/// </summary>
internal static class RenderingOverview;
