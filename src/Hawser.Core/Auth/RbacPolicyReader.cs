using System.Text;

namespace Hawser.Auth;

/// <summary>
/// Reads <c>argocd-rbac-cm</c>'s data map into an <see cref="RbacPolicy"/>. A line that cannot be used is left out with a
/// warning naming the key, the line number and the reason; reading never fails.
/// </summary>
public static class RbacPolicyReader
{
    /// <summary>Reads <paramref name="data"/>; <paramref name="source"/> names the ConfigMap in warnings.</summary>
    public static RbacPolicy Read(IReadOnlyDictionary<string, string> data, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        var warnings = new List<string>();
        var mode = PolicyMatchMode.Glob;
        if (data.TryGetValue("policy.matchMode", out var modeText) && modeText.Trim().Length > 0)
        {
            switch (modeText.Trim())
            {
                case "glob": break;
                case "regex": mode = PolicyMatchMode.Regex; break;
                default:
                    warnings.Add($"{source}: policy.matchMode: '{modeText.Trim()}' is neither glob nor regex; using glob");
                    break;
            }
        }

        var rules = new List<PolicyRule>(BuiltinPolicy.Rules);
        var grants = new List<RoleGrant>(BuiltinPolicy.Grants);
        var keys = data.Keys.Where(k => k == "policy.csv" || (k.StartsWith("policy.", StringComparison.Ordinal) && k.EndsWith(".csv", StringComparison.Ordinal)))
            .OrderBy(k => k == "policy.csv" ? 0 : 1).ThenBy(k => k, StringComparer.Ordinal);
        foreach (var key in keys)
            ReadCsv(data[key], $"{source} {key}", mode, rules, grants, warnings);

        var defaultRole = data.TryGetValue("policy.default", out var d) ? d.Trim() : "";
        var scopes = data.TryGetValue("scopes", out var s) && s.Trim().Length > 0 ? ParseScopes(s) : ["groups"];
        return new RbacPolicy(rules, grants, defaultRole, scopes, mode, warnings);
    }

    /// <summary>
    /// Reads policy lines into <paramref name="rules"/> and <paramref name="grants"/>; <paramref name="accept"/>, when given,
    /// may refuse a line with a reason (used for project roles).
    /// </summary>
    internal static void ReadCsv(string text, string origin, PolicyMatchMode mode, List<PolicyRule> rules, List<RoleGrant> grants, List<string> warnings,
        Func<string[], string?>? accept = null)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var where = $"{origin} line {i + 1}";
            string[] fields;
            try
            {
                fields = SplitCsv(line);
            }
            catch (FormatException e)
            {
                warnings.Add($"{where}: {e.Message}; line ignored");
                continue;
            }
            var problem = Check(fields, mode) ?? accept?.Invoke(fields);
            if (problem is not null)
            {
                warnings.Add($"{where}: {problem}; line ignored");
                continue;
            }
            if (fields[0] == "p")
                rules.Add(new PolicyRule(fields[1], fields[2], fields[3], fields[4], fields[5] == "deny" ? PolicyEffect.Deny : PolicyEffect.Allow, where));
            else
                grants.Add(new RoleGrant(fields[1], fields[2], where));
        }
    }

    private static string? Check(string[] fields, PolicyMatchMode mode)
    {
        switch (fields[0])
        {
            case "p":
                if (fields.Length != 6) return $"a 'p' line has 6 fields (p, subject, resource, action, object, effect), not {fields.Length}";
                if (fields[1].Length == 0) return "the subject is empty";
                if (fields[5] is not ("allow" or "deny")) return $"effect '{fields[5]}' is neither allow nor deny";
                if (mode == PolicyMatchMode.Glob && !fields[2].Contains('*', StringComparison.Ordinal) && !RbacResources.All.Contains(fields[2]))
                    return $"unknown resource '{fields[2]}' (known: {string.Join(", ", RbacResources.All.Order(StringComparer.Ordinal))})";
                foreach (var (name, value) in new[] { ("resource", fields[2]), ("action", fields[3]), ("object", fields[4]) })
                {
                    if (value.Length == 0) return $"the {name} is empty";
                    if (PolicyPattern.Validate(value, mode) is { } error) return $"{name} '{value}' is not a valid {mode.ToString().ToLowerInvariant()} pattern: {error}";
                }
                return null;
            case "g":
                if (fields.Length != 3) return $"a 'g' line has 3 fields (g, member, role), not {fields.Length}";
                return fields[1].Length == 0 || fields[2].Length == 0 ? "the member or the role is empty" : null;
            default:
                return $"unknown line type '{fields[0]}' (expected p or g)";
        }
    }

    /// <summary>Splits one CSV line: fields separated by commas and trimmed; a field in double quotes may hold commas (<c>""</c> is a quote).</summary>
    internal static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"' && current.ToString().Trim().Length == 0)
            {
                quoted = true;
                wasQuoted = true;
                current.Clear();
            }
            else if (c == ',')
            {
                fields.Add(wasQuoted ? current.ToString() : current.ToString().Trim());
                current.Clear();
                wasQuoted = false;
            }
            else if (!wasQuoted || !char.IsWhiteSpace(c))
            {
                if (wasQuoted) throw new FormatException("text after a closing quote");
                current.Append(c);
            }
        }
        if (quoted) throw new FormatException("a quote is not closed");
        fields.Add(wasQuoted ? current.ToString() : current.ToString().Trim());
        return [.. fields];
    }

    /// <summary>Parses <c>scopes</c> as Argo CD writes it: <c>[groups, email]</c> (quotes allowed).</summary>
    internal static IReadOnlyList<string> ParseScopes(string text) =>
        text.Trim().TrimStart('[').TrimEnd(']').Split(',')
            .Select(s => s.Trim().Trim('"', '\''))
            .Where(s => s.Length > 0)
            .ToList();
}
