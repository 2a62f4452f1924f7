using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hawser.Manifests;

namespace Hawser.Templates;

/// <summary>The functions Argo CD adds to Sprig for ApplicationSet templates: <c>normalize</c>, <c>slugify</c>,
/// <c>toYaml</c>, <c>fromYaml</c>, <c>fromYamlArray</c>; and Sprig's semver and UUID helpers.</summary>
internal static partial class ArgoFunctions
{
    public static IEnumerable<GoFunction> All() =>
    [
        GoFunction.Fixed("normalize", 1, c => Normalize(c.String(0))),
        GoFunction.Variadic("slugify", 0, Slugify),
        GoFunction.Fixed("toYaml", 1, c => ToYaml(c.Any(0))),
        GoFunction.Fixed("fromYaml", 1, c => FromYaml(c.String(0), array: false)),
        GoFunction.Fixed("fromYamlArray", 1, c => FromYaml(c.String(0), array: true)),
        GoFunction.Fixed("semver", 1, c => SemVersion.Parse(c.String(0))),
        GoFunction.Fixed("semverCompare", 2, c => SemverConstraint.Check(c.String(0), SemVersion.Parse(c.String(1)))),
    ];

    [GeneratedRegex("[^-a-z0-9.]", RegexOptions.CultureInvariant)]
    private static partial Regex InvalidDnsCharacters();

    [GeneratedRegex("[^a-z0-9-_]", RegexOptions.CultureInvariant)]
    private static partial Regex InvalidSlugCharacters();

    [GeneratedRegex("-+", RegexOptions.CultureInvariant)]
    private static partial Regex Dashes();

    /// <summary>Argo CD's normalize: lower case, every character but <c>[-a-z0-9.]</c> becomes '-', at most 253
    /// characters, no leading or trailing '-' or '.'.</summary>
    public static string Normalize(string name)
    {
        var result = InvalidDnsCharacters().Replace(name.ToLowerInvariant(), "-");
        if (result.Length > 253) result = result[..253];
        return result.Trim('-', '.');
    }

    /// <summary>Argo CD's slugify [maxLength=50] [smartTruncate=true] name: normalize, then a URL slug
    /// (gosimple/slug: '.' and other separators become '-', runs of '-' collapse), truncated at a word boundary
    /// unless smart truncation is off.</summary>
    private static string Slugify(FunctionCall c)
    {
        if (c.Count == 0) return "";
        long maxLength = 50;
        var smart = true;
        if (c.Count > 1) maxLength = c.Int(0);
        if (c.Count > 2) smart = c.Bool(1);
        if (c.Count > 3) throw new TemplateFunctionException("Bad 'slugify' arguments.");
        var name = c.String(c.Count - 1);
        var slug = InvalidSlugCharacters().Replace(Normalize(name), "-");
        slug = Dashes().Replace(slug, "-").Trim('-', '_');
        if (maxLength <= 0 || slug.Length <= maxLength) return slug;
        var max = (int)maxLength;
        if (!smart) return slug[..max];
        for (var i = max; i >= 0; i--)
        {
            if (slug[i] == '-') return slug[..i];
        }
        return slug[..max];
    }

    /// <summary>sigs.k8s.io/yaml's Marshal (JSON first, so keys are sorted and numbers print as JSON numbers),
    /// without the final newline, as Argo CD's toYaml.</summary>
    private static string ToYaml(object? value)
    {
        var json = GoJson.Marshal(value, indent: false, escapeHtml: false);
        var node = JsonNode.Parse(json);
        return ManifestWriter.ToYaml(node).TrimEnd('\n');
    }

    private static object? FromYaml(string text, bool array)
    {
        IReadOnlyList<YamlDocumentNode> documents;
        try
        {
            documents = YamlDocuments.Parse(text, array ? "fromYamlArray" : "fromYaml");
        }
        catch (ManifestException e)
        {
            throw new TemplateFunctionException(e.Message);
        }
        var root = documents.Count > 0 ? documents[0].Root : null;
        return (root, array) switch
        {
            (null, false) => new Dictionary<string, object?>(StringComparer.Ordinal),
            (null, true) => new List<object?>(),
            (JsonObject, false) or (JsonArray, true) => GoValue.Import(root),
            _ => throw new TemplateFunctionException(
                $"error unmarshaling JSON: json: cannot unmarshal {(root is JsonArray ? "array" : root is JsonObject ? "object" : "value")} into Go value of type {(array ? "[]interface {}" : "map[string]interface {}")}"),
        };
    }
}
