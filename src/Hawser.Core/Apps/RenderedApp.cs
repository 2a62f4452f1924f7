using Hawser.Manifests;
using Hawser.Rendering;

namespace Hawser.Apps;

/// <summary>
/// An app's rendered output split in two: the objects that go to the cluster, and the Argo CD objects (Application,
/// ApplicationSet, AppProject) that never do — they register child apps of this app instead (app-of-apps).
/// </summary>
internal sealed record RenderedApp(AppRenderResult Render, IReadOnlyList<KubeObject> Managed, IReadOnlyList<KubeObject> ArgoObjects)
{
    /// <summary>Each source's resolved revision (a commit, a chart version, or <c>local:PATH</c>).</summary>
    public IReadOnlyList<string?> Revisions => Render.Sources.Select(s => s.Revision ?? (s.LocalDirectory is null ? null : "local:" + s.LocalDirectory)).ToList();

    /// <summary>The first source's revision, for display and for the operation record.</summary>
    public string Revision => Revisions.FirstOrDefault(r => r is not null) ?? "";

    public static RenderedApp From(AppRenderResult render)
    {
        var managed = new List<KubeObject>();
        var argo = new List<KubeObject>();
        foreach (var obj in render.Objects) (ApplicationReader.IsArgoObject(obj) ? argo : managed).Add(obj);
        return new RenderedApp(render, managed, argo);
    }
}
