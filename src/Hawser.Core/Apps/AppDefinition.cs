using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Apps;

/// <summary>
/// An Application together with the manifest it was read from. The manifest is what history stores (with each source's
/// revision pinned to the commit that was synced), so that a rollback re-reads exactly what was deployed.
/// </summary>
/// <param name="Application">The typed, validated Application.</param>
/// <param name="Manifest">The Application object as declared.</param>
public sealed record AppDefinition(Application Application, KubeObject Manifest)
{
    /// <summary>The app's name.</summary>
    public string Name => Application.Name;

    /// <summary>
    /// Reads Application manifests from YAML or JSON text. Every error of every object is reported at once (<see cref="AppDefinitionException"/>);
    /// warnings name the fields Hawser does not act on.
    /// </summary>
    public static (IReadOnlyList<AppDefinition> Apps, IReadOnlyList<string> Warnings) Read(string text, string file)
    {
        var objects = ManifestReader.Read(text, file);
        var result = ApplicationReader.Read(objects);
        if (result.Errors.Count > 0) throw new AppDefinitionException(result.Errors.Select(e => e.ToString()).ToList());
        var manifests = objects.Where(o => o.Kind == "Application" && o.Group == ApplicationReader.Group).ToDictionary(o => o.Name, StringComparer.Ordinal);
        var apps = result.Applications.Select(a => new AppDefinition(a, manifests[a.Name])).ToList();
        return (apps, result.Warnings.Select(w => w.ToString()).ToList());
    }

    /// <summary>The manifest with each source's <c>targetRevision</c> replaced by the revision it resolved to (for history),
    /// without credentials in any <c>repoURL</c>.</summary>
    public string PinnedManifestJson(IReadOnlyList<string?> revisions)
    {
        var copy = Manifest.DeepClone().Body;
        copy.Remove("status");
        StoredManifest.StripCredentials(copy);
        if (copy["spec"] is JsonObject spec)
        {
            if (spec["sources"] is JsonArray sources)
            {
                for (var i = 0; i < sources.Count && i < revisions.Count; i++)
                {
                    if (sources[i] is JsonObject source && revisions[i] is { } revision && IsPinnable(revision)) source["targetRevision"] = revision;
                }
            }
            else if (spec["source"] is JsonObject source && revisions.Count > 0 && revisions[0] is { } revision && IsPinnable(revision))
            {
                source["targetRevision"] = revision;
            }
        }
        return copy.ToJsonString();
    }

    // A Git source pins its commit, a chart source its exact version; a local directory has no revision to pin.
    private static bool IsPinnable(string revision) => !revision.StartsWith("local:", StringComparison.Ordinal);
}

/// <summary>An Application manifest is invalid; the message lists every error, each naming the file, the object and the field.</summary>
public sealed class AppDefinitionException(IReadOnlyList<string> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    /// <summary>Each error on its own.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
