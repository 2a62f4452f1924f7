using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.Compare;
using Hawser.Health;
using Hawser.Manifests;

namespace Hawser.Settings;

/// <summary>
/// Reads <c>argocd-cm</c> into an <see cref="ArgoCdConfig"/>. Every key is either honoured, accepted (read, with what
/// Hawser does instead stated in docs/settings.md) or warned by name; malformed values of honoured keys are errors.
/// </summary>
internal static class ArgoCdConfigReader
{
    private const string HealthPrefix = "resource.customizations.health.";
    private const string IgnoreDifferencesPrefix = "resource.customizations.ignoreDifferences.";
    private const string IgnoreUpdatesPrefix = "resource.customizations.ignoreResourceUpdates.";
    private const string LegacyCustomizations = "resource.customizations";

    // Keys read exactly as named (the value handled below).
    private static readonly HashSet<string> Honoured = new(StringComparer.Ordinal)
    {
        "timeout.reconciliation", "timeout.reconciliation.jitter", "timeout.hard.reconciliation", "kustomize.buildOptions",
        LegacyCustomizations, "resource.exclusions", "resource.inclusions", "resource.compareoptions", "resource.ignoreResourceUpdatesEnabled",
        "application.instanceLabelKey", "application.resourceTrackingMethod", "admin.enabled", "oidc.config", "url",
        "users.anonymous.enabled", "exec.enabled", "statusbadge.enabled", "helm.valuesFileSchemes",
    };

    // Argo CD keys Hawser knows and does not act on, with the reason given in the warning.
    private static readonly (string Prefix, string Message)[] Warned =
    [
        ("configManagementPlugins", "config management plugins v1 were removed in Argo CD 2.8 and are not read; declare plugins as ConfigManagementPlugin (v2)"),
        ("kustomize.path.", "versioned kustomize binaries are not supported; Hawser runs one kustomize for every app"),
        ("kustomize.version.", "versioned kustomize binaries are not supported; Hawser runs one kustomize for every app"),
        ("kustomize.buildOptions.", "build options for a kustomize version are not supported; use kustomize.buildOptions"),
        ("resource.customizations.actions.", "resource actions are not supported by Hawser"),
        ("resource.customizations.knownTypeFields.", "not needed: Hawser compares against a server-side dry run, which knows every field's type"),
        ("resource.customizations.useOpenLibs.", "open Lua libraries are not supported; health scripts always run sandboxed"),
        ("dex.config", "Hawser bundles no Dex; configure your identity provider with oidc.config"),
        ("users.session.duration", "not used by Hawser"),
        ("ui.", "Argo CD UI setting, not used by Hawser"),
        ("help.", "Argo CD UI setting, not used by Hawser"),
        ("ga.", "Argo CD UI setting, not used by Hawser"),
        ("installationID", "not used by Hawser"),
        ("statusbadge.url", "not used by Hawser"),
        ("server.rbac.log.enforce.enable", "not used by Hawser"),
        ("oidc.tls.insecure.skip.verify", "not used by Hawser; the OIDC issuer's TLS is always verified"),
        ("application.sync.impersonation.enabled", "sync impersonation is not supported; Hawser syncs with its own credentials"),
    ];

    public static ArgoCdConfig Read(SettingsObject? cm, SecretReferences references, SettingsProblems problems)
    {
        if (cm is null) return ArgoCdConfig.Default;
        var data = cm.Data;
        foreach (var key in data.Keys.Order(StringComparer.Ordinal))
        {
            if (Honoured.Contains(key) || key.StartsWith(HealthPrefix, StringComparison.Ordinal) || key.StartsWith(IgnoreDifferencesPrefix, StringComparison.Ordinal)
                || key.StartsWith(IgnoreUpdatesPrefix, StringComparison.Ordinal) || key.StartsWith("accounts.", StringComparison.Ordinal))
                continue;
            var warned = Warned.Where(w => key == w.Prefix || (w.Prefix.EndsWith('.') && key.StartsWith(w.Prefix, StringComparison.Ordinal))).Select(w => w.Message).FirstOrDefault();
            problems.Warn(cm, key, warned ?? "unknown key, ignored");
        }

        string? Text(string key)
        {
            if (!data.TryGetValue(key, out var raw)) return null;
            var value = references.Resolve(raw, out var problem);
            if (problem is not null) problems.Warn(cm, key, problem + "; the value is used as written");
            return value;
        }

        var health = CustomHealthChecks.FromArgoCdConfig(data);
        // A health script that does not compile yields Unknown for its kind; the others still work.
        foreach (var problem in health.Problems.Where(p => !p.StartsWith("resource.customizations.useOpenLibs.", StringComparison.Ordinal)))
            problems.Warn(cm, "health", problem);

        var ignore = new List<IgnoreRule>();
        var updates = new List<IgnoreRule>();
        ReadLegacyCustomizations(cm, problems, ignore, updates);
        foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (key.StartsWith(IgnoreDifferencesPrefix, StringComparison.Ordinal))
                AddRule(cm, key, key[IgnoreDifferencesPrefix.Length..], value, problems, ignore);
            else if (key.StartsWith(IgnoreUpdatesPrefix, StringComparison.Ordinal))
                AddRule(cm, key, key[IgnoreUpdatesPrefix.Length..], value, problems, updates);
        }

        return new ArgoCdConfig(
            new ReconciliationSettings(
                Duration(cm, "timeout.reconciliation", Text("timeout.reconciliation"), ReconciliationSettings.Default.Timeout, problems),
                Duration(cm, "timeout.reconciliation.jitter", Text("timeout.reconciliation.jitter"), ReconciliationSettings.Default.Jitter, problems),
                Duration(cm, "timeout.hard.reconciliation", Text("timeout.hard.reconciliation"), ReconciliationSettings.Default.HardTimeout, problems)),
            new KustomizeSettings(BuildOptions(cm, Text("kustomize.buildOptions"), problems)),
            health,
            ignore,
            updates,
            new ResourceFilter(Filters(cm, "resource.exclusions", problems), Filters(cm, "resource.inclusions", problems)),
            ReadCompareOptions(cm, problems),
            ReadTracking(cm, Text("application.instanceLabelKey"), Text("application.resourceTrackingMethod"), problems),
            new AccessSettings(
                Text("url"),
                Bool(cm, "admin.enabled", Text("admin.enabled"), true, problems),
                Bool(cm, "users.anonymous.enabled", Text("users.anonymous.enabled"), false, problems),
                Bool(cm, "exec.enabled", Text("exec.enabled"), false, problems),
                Bool(cm, "statusbadge.enabled", Text("statusbadge.enabled"), false, problems),
                data.TryGetValue("oidc.config", out var oidc) ? oidc : null,
                data.Where(p => p.Key.StartsWith("accounts.", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)),
            Text("helm.valuesFileSchemes") is { } schemes
                ? schemes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : ArgoCdConfig.Default.HelmValuesFileSchemes,
            data);
    }

    private static TimeSpan Duration(SettingsObject cm, string key, string? value, TimeSpan fallback, SettingsProblems problems)
    {
        if (value is null) return fallback;
        if (GoDuration.TryParse(value, out var duration) && duration >= TimeSpan.Zero) return duration;
        problems.Error(cm, key, $"'{value}' is not a duration (e.g. 180s, 3m, 1h30m)");
        return fallback;
    }

    private static bool Bool(SettingsObject cm, string key, string? value, bool fallback, SettingsProblems problems)
    {
        if (value is null) return fallback;
        if (bool.TryParse(value.Trim(), out var b)) return b;
        problems.Error(cm, key, $"'{value}' is not true or false");
        return fallback;
    }

    private static IReadOnlyList<string> BuildOptions(SettingsObject cm, string? value, SettingsProblems problems)
    {
        try
        {
            return KustomizeBuildOptions.Parse(value);
        }
        catch (FormatException e)
        {
            problems.Error(cm, "kustomize.buildOptions", e.Message);
            return [];
        }
    }

    private static JsonNode? ParseYaml(SettingsObject cm, string key, string value, SettingsProblems problems)
    {
        try
        {
            return YamlDocuments.Parse(value, $"{cm.Name} key {key}").FirstOrDefault()?.Root;
        }
        catch (ManifestException e)
        {
            problems.Error(cm, key, e.Message);
            return null;
        }
    }

    private static List<FilteredResource> Filters(SettingsObject cm, string key, SettingsProblems problems)
    {
        var result = new List<FilteredResource>();
        if (!cm.Data.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value)) return result;
        var root = ParseYaml(cm, key, value, problems);
        if (root is null) return result;
        if (root is not JsonArray items)
        {
            problems.Error(cm, key, "must be a YAML list of {apiGroups, kinds, clusters}");
            return result;
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject entry)
            {
                problems.Error(cm, $"{key}[{i}]", "must be a map with apiGroups, kinds and clusters");
                continue;
            }
            foreach (var field in entry.Select(p => p.Key).Where(f => f is not ("apiGroups" or "kinds" or "clusters")))
                problems.Warn(cm, $"{key}[{i}].{field}", "unknown field, ignored");
            result.Add(new FilteredResource(
                StringList(cm, $"{key}[{i}].apiGroups", entry["apiGroups"], problems),
                StringList(cm, $"{key}[{i}].kinds", entry["kinds"], problems),
                StringList(cm, $"{key}[{i}].clusters", entry["clusters"], problems)));
        }
        return result;
    }

    private static List<string> StringList(SettingsObject cm, string field, JsonNode? node, SettingsProblems problems)
    {
        if (node is null) return [];
        if (node is not JsonArray array)
        {
            problems.Error(cm, field, "must be a list of strings");
            return [];
        }
        var list = new List<string>();
        foreach (var item in array)
        {
            if (item is JsonValue v && v.TryGetValue<string>(out var s)) list.Add(s);
            else problems.Error(cm, field, "must be a list of strings");
        }
        return list;
    }

    private static CompareSettings ReadCompareOptions(SettingsObject cm, SettingsProblems problems)
    {
        const string key = "resource.compareoptions";
        var defaults = CompareSettings.Default;
        if (!cm.Data.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value)) return defaults;
        if (ParseYaml(cm, key, value, problems) is not JsonObject map)
        {
            problems.Error(cm, key, "must be a YAML map (ignoreAggregatedRoles, ignoreResourceStatusField, ignoreDifferencesOnResourceUpdates)");
            return defaults;
        }
        bool Flag(string field, bool fallback)
        {
            if (map[field] is null) return fallback;
            if (map[field] is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
            problems.Error(cm, $"{key}.{field}", "must be true or false");
            return fallback;
        }
        var status = defaults.IgnoreResourceStatusField;
        if (map["ignoreResourceStatusField"] is { } statusNode)
        {
            status = statusNode is JsonValue sv && sv.TryGetValue<string>(out var s) ? s.ToLowerInvariant() : "";
            if (status is not ("crd" or "all" or "none" or "off"))
                problems.Error(cm, $"{key}.ignoreResourceStatusField", "must be crd, all or none");
            else if (status != "all")
                problems.Warn(cm, $"{key}.ignoreResourceStatusField", $"'{status}' is not honoured: Hawser never compares the status field of any object (as 'all')");
        }
        foreach (var field in map.Select(p => p.Key).Where(f => f is not ("ignoreAggregatedRoles" or "ignoreResourceStatusField" or "ignoreDifferencesOnResourceUpdates")))
            problems.Warn(cm, $"{key}.{field}", "unknown field, ignored");
        var result = new CompareSettings(Flag("ignoreAggregatedRoles", defaults.IgnoreAggregatedRoles), status, Flag("ignoreDifferencesOnResourceUpdates", defaults.IgnoreDifferencesOnResourceUpdates));
        if (result.IgnoreAggregatedRoles)
            problems.Warn(cm, $"{key}.ignoreAggregatedRoles", "not acted on yet: an aggregated ClusterRole whose manifest sets rules shows OutOfSync; leave its rules out of the manifest (the cluster fills them)");
        return result;
    }

    private static TrackingSettings ReadTracking(SettingsObject cm, string? labelKey, string? method, SettingsProblems problems)
    {
        var defaults = TrackingSettings.Default;
        if (method is not null && method is not ("label" or "annotation" or "annotation+label"))
            problems.Error(cm, "application.resourceTrackingMethod", $"'{method}' is not label, annotation or annotation+label");
        return new TrackingSettings(string.IsNullOrWhiteSpace(labelKey) ? defaults.InstanceLabelKey : labelKey.Trim(), method ?? defaults.Method);
    }

    // resource.customizations.ignoreDifferences.<group>_<Kind> (or .all): a YAML map of jsonPointers, jqPathExpressions, managedFieldsManagers.
    private static void AddRule(SettingsObject cm, string key, string suffix, string value, SettingsProblems problems, List<IgnoreRule> into)
    {
        var (group, kind) = suffix == "all" ? ("*", "*") : SplitGroupKind(suffix, '_');
        if (kind.Length == 0)
        {
            problems.Error(cm, key, "expected <group>_<Kind> or 'all' after the prefix");
            return;
        }
        if (ParseYaml(cm, key, value, problems) is { } node) AddRule(cm, key, group, kind, node, problems, into);
    }

    private static void AddRule(SettingsObject cm, string key, string group, string kind, JsonNode node, SettingsProblems problems, List<IgnoreRule> into)
    {
        if (node is not JsonObject map)
        {
            problems.Error(cm, key, "must be a YAML map of jsonPointers, jqPathExpressions and managedFieldsManagers");
            return;
        }
        foreach (var field in map.Select(p => p.Key).Where(f => f is not ("jsonPointers" or "jqPathExpressions" or "managedFieldsManagers")))
            problems.Warn(cm, $"{key}.{field}", "unknown field, ignored");
        var rule = new IgnoreRule(group, kind,
            JsonPointers: StringList(cm, $"{key}.jsonPointers", map["jsonPointers"], problems),
            JqPathExpressions: StringList(cm, $"{key}.jqPathExpressions", map["jqPathExpressions"], problems),
            ManagedFieldsManagers: StringList(cm, $"{key}.managedFieldsManagers", map["managedFieldsManagers"], problems));
        try
        {
            CompiledIgnoreRule.Compile([rule]);
            into.Add(rule);
        }
        catch (FormatException e)
        {
            problems.Error(cm, key, e.Message);
        }
    }

    // The older single key: a YAML map of "group/Kind" to {health.lua, ignoreDifferences, ignoreResourceUpdates, actions, knownTypeFields}.
    private static void ReadLegacyCustomizations(SettingsObject cm, SettingsProblems problems, List<IgnoreRule> ignore, List<IgnoreRule> updates)
    {
        if (!cm.Data.TryGetValue(LegacyCustomizations, out var value) || string.IsNullOrWhiteSpace(value)) return;
        if (ParseYaml(cm, LegacyCustomizations, value, problems) is not JsonObject map)
        {
            problems.Error(cm, LegacyCustomizations, "must be a YAML map of group/Kind to customizations");
            return;
        }
        foreach (var (groupKind, entryNode) in map)
        {
            var key = $"{LegacyCustomizations}[{groupKind}]";
            if (entryNode is not JsonObject entry)
            {
                problems.Error(cm, key, "must be a map (health.lua, ignoreDifferences, ...)");
                continue;
            }
            var (group, kind) = SplitGroupKind(groupKind, '/');
            foreach (var (field, fieldValue) in entry)
            {
                switch (field)
                {
                    case "health.lua":
                        break; // read by CustomHealthChecks
                    case "ignoreDifferences" or "ignoreResourceUpdates":
                        var target = field == "ignoreDifferences" ? ignore : updates;
                        var node = fieldValue is JsonValue text && text.TryGetValue<string>(out var yaml) ? ParseYaml(cm, $"{key}.{field}", yaml, problems) : fieldValue;
                        if (node is not null) AddRule(cm, $"{key}.{field}", group, kind, node, problems, target);
                        break;
                    case "actions":
                        problems.Warn(cm, $"{key}.actions", "resource actions are not supported by Hawser");
                        break;
                    case "knownTypeFields":
                        problems.Warn(cm, $"{key}.knownTypeFields", "not needed: Hawser compares against a server-side dry run");
                        break;
                    case "health.lua.useOpenLibs":
                        problems.Warn(cm, $"{key}.{field}", "open Lua libraries are not supported; health scripts always run sandboxed");
                        break;
                    default:
                        problems.Warn(cm, $"{key}.{field}", "unknown field, ignored");
                        break;
                }
            }
        }
    }

    // "apps_Deployment" / "apps/Deployment" → (apps, Deployment); "Service" or "_Service" → core group.
    private static (string Group, string Kind) SplitGroupKind(string text, char separator)
    {
        var at = text.LastIndexOf(separator);
        return at < 0 ? ("", text) : (text[..at], text[(at + 1)..]);
    }
}
