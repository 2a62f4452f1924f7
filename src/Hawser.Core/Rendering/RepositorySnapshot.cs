namespace Hawser.Rendering;

/// <summary>The files of a repository at one revision, read-only (for generators that list a repository's folders and files).</summary>
/// <param name="RepoUrl">The repository URL as declared.</param>
/// <param name="Revision">The commit it resolved to, or <c>local:PATH</c> for a local directory.</param>
/// <param name="Directory">The work tree; never written to; its symbolic links were checked to stay inside.</param>
public sealed record RepositorySnapshot(string RepoUrl, string Revision, string Directory);
