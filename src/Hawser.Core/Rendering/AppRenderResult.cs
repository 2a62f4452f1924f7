using Hawser.Apps;
using Hawser.Manifests;

namespace Hawser.Rendering;

/// <summary>An Application rendered: its objects (sources concatenated in order), the tools' warnings, and what each source resolved to.</summary>
/// <param name="AppName">The Application's name.</param>
/// <param name="Objects">The desired objects, read-only.</param>
/// <param name="Warnings">Tool warnings and skipped files.</param>
/// <param name="Sources">Per source, what it resolved to.</param>
/// <param name="FromCache">True when the result came from the render cache (no git, no tool ran).</param>
public sealed record AppRenderResult(string AppName, IReadOnlyList<KubeObject> Objects, IReadOnlyList<string> Warnings, IReadOnlyList<ResolvedSource> Sources, bool FromCache);

/// <summary>What one source resolved to.</summary>
/// <param name="RepoUrl">The source's repoURL.</param>
/// <param name="TargetRevision">The revision the Application asked for.</param>
/// <param name="Revision">The commit (Git), chart version (Helm repository), or null for a local directory.</param>
/// <param name="LocalDirectory">The local directory used instead of Git, when the repository was overridden or is a plain directory.</param>
public sealed record ResolvedSource(string RepoUrl, string TargetRevision, string? Revision, string? LocalDirectory);

/// <summary>One app of <see cref="AppRenderer.RenderManyAsync"/>: its result or the error that stopped it.</summary>
public sealed record AppRenderOutcome(Application Application, AppRenderResult? Result, string? Error);
