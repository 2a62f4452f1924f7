using System.Text.Json.Nodes;
using Hawser.Globs;
using Hawser.Health.Lua;
using Hawser.Manifests;

namespace Hawser.Health;

/// <summary>
/// A set of custom Lua health checks, read from Argo CD's <c>argocd-cm</c> forms:
/// <list type="bullet">
/// <item>one key per kind, <c>resource.customizations.health.&lt;group&gt;_&lt;Kind&gt;</c> (core group: <c>_Kind</c> or just <c>Kind</c>);</item>
/// <item>the older single key <c>resource.customizations</c>, a YAML map of <c>group/Kind</c> to a map with <c>health.lua</c>.</item>
/// </list>
/// An exact group and kind wins over a wildcard pattern; among wildcards the longest pattern wins, then the first in
/// ordinal order. Problems (an unreadable key, a script that does not compile) are collected in <see cref="Problems"/>
/// rather than thrown, so one bad script never hides the others; a script that does not compile still yields Unknown.
/// </summary>
public sealed class CustomHealthChecks
{
    private const string HealthKeyPrefix = "resource.customizations.health.";
    private const string LegacyKey = "resource.customizations";
    private const string OpenLibsPrefix = "resource.customizations.useOpenLibs.";

    private readonly Dictionary<GroupKind, CustomHealthCheck> _exact;
    private readonly List<CustomHealthCheck> _patterns;

    private CustomHealthChecks(IEnumerable<CustomHealthCheck> checks, IReadOnlyList<string> problems)
    {
        var ordered = checks.OrderBy(c => c.Group, StringComparer.Ordinal).ThenBy(c => c.Kind, StringComparer.Ordinal).ToList();
        Checks = ordered;
        Problems = problems;
        _exact = new Dictionary<GroupKind, CustomHealthCheck>();
        foreach (var check in ordered.Where(c => c.IsExact)) _exact[new GroupKind(check.Group, check.Kind)] = check;
        _patterns = ordered.Where(c => !c.IsExact)
            .OrderByDescending(c => c.Group.Length + c.Kind.Length)
            .ThenBy(c => c.Group, StringComparer.Ordinal)
            .ThenBy(c => c.Kind, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>No custom checks.</summary>
    public static CustomHealthChecks Empty { get; } = new([], []);

    /// <summary>Every check, sorted by group then kind.</summary>
    public IReadOnlyList<CustomHealthCheck> Checks { get; }

    /// <summary>What could not be used, one message per problem, in a stable order.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Builds a set from checks given directly. Later checks for the same group and kind replace earlier ones.</summary>
    public static CustomHealthChecks From(IEnumerable<CustomHealthCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var byKind = new Dictionary<(string, string), CustomHealthCheck>();
        foreach (var check in checks) byKind[(check.Group, check.Kind)] = check;
        return new CustomHealthChecks(byKind.Values, Validate(byKind.Values));
    }

    /// <summary>Reads the health checks from the <c>data</c> of an argocd-cm ConfigMap (other keys are ignored).</summary>
    public static CustomHealthChecks FromArgoCdConfig(IReadOnlyDictionary<string, string> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var problems = new List<string>();
        var byKind = new Dictionary<(string, string), CustomHealthCheck>();
        foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (key == LegacyKey)
            {
                foreach (var check in ReadLegacy(value, problems)) byKind.TryAdd((check.Group, check.Kind), check);
            }
            else if (key.StartsWith(OpenLibsPrefix, StringComparison.Ordinal))
            {
                problems.Add($"{key}: open Lua libraries are not supported; health scripts always run sandboxed");
            }
        }
        // The per-kind keys take precedence over the older single key, as in Argo CD.
        foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!key.StartsWith(HealthKeyPrefix, StringComparison.Ordinal)) continue;
            var (group, kind) = SplitGroupKind(key[HealthKeyPrefix.Length..]);
            if (kind.Length == 0)
            {
                problems.Add($"{key}: expected resource.customizations.health.<group>_<Kind>");
                continue;
            }
            byKind[(group, kind)] = new CustomHealthCheck(group, kind, value, key);
        }
        problems.AddRange(Validate(byKind.Values));
        return new CustomHealthChecks(byKind.Values, problems);
    }

    /// <summary>
    /// Reads a configuration file: either an argocd-cm ConfigMap manifest (its <c>data</c> is used) or a plain YAML map
    /// of argocd-cm keys to scripts.
    /// </summary>
    public static async Task<CustomHealthChecks> LoadFileAsync(string path, CancellationToken cancellationToken)
    {
        var text = await UntrustedText.ReadFileAsync(path, path, ParseLimits.Default, cancellationToken);
        var documents = YamlDocuments.Parse(text, path);
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            if (document.Root is not JsonObject root) continue;
            var map = root["kind"]?.GetValue<string>() == "ConfigMap" ? root["data"] as JsonObject : root;
            if (map is null) continue;
            foreach (var (key, value) in map)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var script)) data[key] = script;
            }
        }
        return FromArgoCdConfig(data);
    }

    /// <summary>The check for a group and kind: an exact match first, then the longest matching wildcard pattern.</summary>
    public CustomHealthCheck? Find(GroupKind groupKind)
    {
        if (_exact.TryGetValue(groupKind, out var exact)) return exact;
        foreach (var pattern in _patterns)
        {
            if (Glob.Matches(pattern.Group, groupKind.Group, GlobOptions.ResourceWildcard) && Glob.Matches(pattern.Kind, groupKind.Kind, GlobOptions.ResourceWildcard)) return pattern;
        }
        return null;
    }

    /// <summary>Splits <c>group_Kind</c> at the last underscore; no underscore means the core group.</summary>
    private static (string Group, string Kind) SplitGroupKind(string text)
    {
        var underscore = text.LastIndexOf('_');
        return underscore < 0 ? ("", text) : (text[..underscore], text[(underscore + 1)..]);
    }

    private static List<CustomHealthCheck> ReadLegacy(string yaml, List<string> problems)
    {
        var checks = new List<CustomHealthCheck>();
        JsonNode? root;
        try
        {
            root = YamlDocuments.Parse(yaml, LegacyKey).FirstOrDefault()?.Root;
        }
        catch (ManifestException e)
        {
            problems.Add($"{LegacyKey}: {e.Message}");
            return checks;
        }
        if (root is not JsonObject map) return checks;
        foreach (var (groupKind, value) in map)
        {
            if (value is not JsonObject entry || entry["health.lua"] is not JsonValue script || !script.TryGetValue<string>(out var source))
                continue;
            var slash = groupKind.LastIndexOf('/');
            var (group, kind) = slash < 0 ? ("", groupKind) : (groupKind[..slash], groupKind[(slash + 1)..]);
            checks.Add(new CustomHealthCheck(group, kind, source, $"{LegacyKey}: {groupKind}"));
        }
        return checks;
    }

    private static List<string> Validate(IEnumerable<CustomHealthCheck> checks)
    {
        var runner = new LuaHealthRunner();
        var problems = new List<string>();
        foreach (var check in checks.OrderBy(c => c.Origin, StringComparer.Ordinal))
        {
            if (runner.Compile(check.Name, check.Script) is { } error) problems.Add($"{check.Origin}: {error}");
        }
        return problems;
    }
}
