using System.Text.Json.Nodes;
using Hawser.Apps;

namespace Hawser.Rendering;

/// <summary>
/// Parameter overrides of an app kept outside Git (Argo CD Image Updater's <c>write-back-method: argocd</c>, which
/// writes them into the Application resource), applied to the app's first source that is not a <c>ref</c> before the
/// override files of its directory: Helm parameters are set by name (a parameter of the same name in the Application
/// is replaced, others are added); kustomize images are set by image name. A Helm source takes only the parameters, a
/// Kustomize source only the images; other sources are left alone.
/// </summary>
/// <param name="HelmParameters">Helm parameters.</param>
/// <param name="KustomizeImages">Kustomize image overrides, <c>[old=]name[:tag][@digest]</c>.</param>
public sealed record SourceParameterOverride(IReadOnlyList<HelmParameter> HelmParameters, IReadOnlyList<string> KustomizeImages)
{
    private static readonly HelmSource NoHelm = new(null, [], null, null, [], [], false, false, null, [], false, null, null);

    private static readonly KustomizeSource NoKustomize = new([], [], null, null, new Dictionary<string, string>(), new Dictionary<string, string>(), null, [], [], [], null);

    /// <summary>A stable text of the overrides, part of the render cache key.</summary>
    internal string Fingerprint => new JsonObject
    {
        ["helm"] = new JsonArray(HelmParameters.Select(p => (JsonNode?)$"{p.Name}={p.Value}{(p.ForceString ? " (string)" : "")}").ToArray()),
        ["kustomize"] = new JsonArray(KustomizeImages.Select(i => (JsonNode?)i).ToArray()),
    }.ToJsonString();

    /// <summary>The source with the overrides that fit a source rendered by <paramref name="kind"/>.</summary>
    internal ApplicationSource ApplyTo(ApplicationSource source, RendererKind kind)
    {
        if (kind == RendererKind.Helm && HelmParameters.Count > 0)
        {
            var helm = source.Helm ?? NoHelm;
            var parameters = helm.Parameters.ToList();
            foreach (var parameter in HelmParameters)
            {
                var at = parameters.FindIndex(p => p.Name == parameter.Name);
                if (at >= 0) parameters[at] = parameter;
                else parameters.Add(parameter);
            }
            return source with { Helm = helm with { Parameters = parameters } };
        }
        if (kind == RendererKind.Kustomize && KustomizeImages.Count > 0)
        {
            var kustomize = source.Kustomize ?? NoKustomize;
            var images = kustomize.Images.ToList();
            foreach (var image in KustomizeImages)
            {
                var at = images.FindIndex(i => ImageKey(i) == ImageKey(image));
                if (at >= 0) images[at] = image;
                else images.Add(image);
            }
            return source with { Kustomize = kustomize with { Images = images } };
        }
        return source;
    }

    /// <summary>The image a kustomize override is for: the name before <c>=</c>, else the new name, without tag or digest.</summary>
    private static string ImageKey(string entry)
    {
        var eq = entry.IndexOf('=', StringComparison.Ordinal);
        var name = eq >= 0 ? entry[..eq] : entry;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0) name = name[..at];
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[..colon] : name;
    }
}
