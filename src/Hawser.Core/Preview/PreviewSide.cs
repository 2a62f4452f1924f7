using Hawser.Rendering;

namespace Hawser.Preview;

/// <summary>Every app of the config repo at one revision, rendered (or failed), and what went wrong finding them.</summary>
/// <param name="Commit">The revision's commit.</param>
/// <param name="Apps">Each app's render result or error; names are unique.</param>
/// <param name="Problems">Errors of the discovery itself (a broken manifest, an ApplicationSet that failed), as text.</param>
public sealed record PreviewSide(string Commit, IReadOnlyList<PreviewApp> Apps, IReadOnlyList<string> Problems);

/// <summary>One app at one revision: its render, or the message that stopped it.</summary>
public sealed record PreviewApp(string Name, AppRenderResult? Result, string? Error);
