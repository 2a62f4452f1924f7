using Hawser.Manifests;
using Hawser.Rendering;
using Hawser.Settings;

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

    /// <summary>
    /// Splits the output. Objects of kinds the settings exclude (<c>resource.exclusions</c>/<c>inclusions</c> for
    /// <paramref name="clusterServer"/>) are left out of the app with a warning each, as Argo CD's ExcludedResourceWarning.
    /// </summary>
    public static RenderedApp From(AppRenderResult render, ResourceFilter? filter = null, string clusterServer = "")
    {
        var managed = new List<KubeObject>();
        var argo = new List<KubeObject>();
        var excluded = new List<string>();
        foreach (var obj in render.Objects)
        {
            if (ApplicationReader.IsArgoObject(obj)) argo.Add(obj);
            else if (filter is not null && filter.IsExcluded(obj.Group, obj.Kind, clusterServer)) excluded.Add($"{obj.Key}: excluded by resource.exclusions/inclusions in argocd-cm; not applied, compared or pruned");
            else managed.Add(obj);
        }
        if (excluded.Count > 0) render = render with { Warnings = [.. render.Warnings, .. excluded] };
        return new RenderedApp(render, managed, argo);
    }
}
