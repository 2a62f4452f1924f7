using System.Text.RegularExpressions;

namespace Hawser.Lint;

/// <summary>
/// YAML as written versus YAML as Kubernetes (and Helm) read it, with YAML 1.1 rules (sigs.k8s.io/yaml):
/// <c>yaml-syntax</c>, <c>duplicate-key</c> (kubectl refuses the file), <c>yaml-boolean</c> (an unquoted
/// <c>yes/no/on/off/y/n</c> is a boolean, in keys too) and <c>yaml-octal</c> (an unquoted <c>0755</c> is the number 493).
/// </summary>
internal sealed partial class YamlReadingRule : ILintRule
{
    private static readonly HashSet<string> Booleans =
        ["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"];

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        var findings = new List<LintFinding>();
        foreach (var source in context.Sources)
        {
            var app = context.AppOf(source.Path);
            if (source.SyntaxError is { } syntax) findings.Add(LintContext.Finding("yaml-syntax", syntax.Message, (source.Path, syntax.Line), app));
            foreach (var document in source.Documents) Walk(document, source.Path, app, findings, "");
        }
        return findings;
    }

    private static void Walk(YNode? node, string file, string? app, List<LintFinding> findings, string path)
    {
        switch (node)
        {
            case YScalar scalar:
                Scalar(scalar, file, app, findings, path, isKey: false);
                break;
            case YSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++) Walk(sequence.Items[i], file, app, findings, $"{path}[{i}]");
                break;
            case YMapping mapping:
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var entry in mapping.Entries)
                {
                    var key = entry.Key is YScalar k ? k.Value : null;
                    if (key is not null && key != "<<")
                    {
                        if (seen.TryGetValue(key, out var first))
                            findings.Add(LintContext.Finding("duplicate-key", $"{Join(path, key)}: key \"{key}\" is already defined on line {first}; Kubernetes refuses the file", (file, entry.Key.Line), app));
                        else seen[key] = entry.Key.Line;
                        Scalar((YScalar)entry.Key, file, app, findings, path, isKey: true);
                    }
                    Walk(entry.Value, file, app, findings, Join(path, key ?? "?"));
                }
                break;
        }
    }

    private static void Scalar(YScalar scalar, string file, string? app, List<LintFinding> findings, string path, bool isKey)
    {
        if (!scalar.Plain) return;
        var what = isKey ? $"key \"{scalar.Value}\"" : $"{(path.Length == 0 ? "value" : path)}: {scalar.Value}";
        if (Booleans.Contains(scalar.Value))
        {
            var value = scalar.Value[0] is 'y' or 'Y' || scalar.Value is "on" or "On" or "ON" ? "true" : "false";
            findings.Add(LintContext.Finding("yaml-boolean",
                $"{what} is read by Kubernetes as the boolean {value} (YAML 1.1); write {value}, or quote \"{scalar.Value}\" to keep the word", (file, scalar.Line), app));
        }
        else if (Octal().IsMatch(scalar.Value))
        {
            var digits = scalar.Value.TrimStart('+', '-');
            var number = Convert.ToInt64(digits, 8) * (scalar.Value.StartsWith('-') ? -1 : 1);
            findings.Add(LintContext.Finding("yaml-octal",
                $"{what} is read by Kubernetes as the octal number {number} (YAML 1.1); write {number}, or quote \"{scalar.Value}\" to keep the text", (file, scalar.Line), app));
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    [GeneratedRegex("^[-+]?0[0-7]{1,20}$")]
    private static partial Regex Octal();
}
