namespace Hawser.Preview;

/// <summary>
/// Preview: what a change to a config repo does to the rendered objects, before anything is synced and without a cluster.
/// <para>
/// Every app of the repository is discovered at the base and at the head revision (root Applications, app-of-apps children,
/// ApplicationSet-generated apps), apps are paired by name, and each is rendered at both revisions with the repository pinned to
/// that commit (a repository pin of the renderer). The render cache is keyed by the content of the files an app reads
/// (<see cref="Rendering.AppRendererOptions.KeyByContent"/>), so the head render of an app whose inputs did not change is a cache
/// hit: only apps whose inputs changed are rendered twice.
/// </para>
/// <para>
/// Objects are paired by <see cref="Manifests.ResourceKey"/>, normalised as the comparer normalises (no <c>status</c>, Secret
/// <c>stringData</c> folded into <c>data</c>) and Secret values masked (<see cref="Compare.SecretMasker"/>) before any diff is made:
/// a changed Secret value shows as a changed mask, never as the value. The result (<see cref="PreviewReport"/>) lists only apps
/// that were added, removed or whose objects differ, each with its added, removed and changed objects, and is written as text,
/// JSON or Markdown for a pull-request comment (<see cref="MarkdownPreview"/>, size-capped with a note saying what was left out).
/// </para>
/// </summary>
internal static class PreviewOverview;
