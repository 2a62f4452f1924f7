using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Lint;

/// <summary>
/// Findings as JSON (<c>-o json</c>: one object per finding) and as SARIF 2.1.0 (<c>-o sarif</c>: one run of the tool
/// <c>hawser</c>, every rule in the driver, each result with its rule, level, message, file and line relative to
/// <c>%SRCROOT%</c>, and the app as a property), the format code-scanning services read.
/// </summary>
public static class LintReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The findings as a JSON document: <c>{"findings": [{rule, severity, message, file, line, app}], "errors": N, "warnings": N}</c>.</summary>
    public static string Json(IReadOnlyList<LintFinding> findings) => new JsonObject
    {
        ["findings"] = new JsonArray(findings.Select(f => (JsonNode)new JsonObject
        {
            ["rule"] = f.Rule,
            ["severity"] = Level(f.Severity),
            ["message"] = f.Message,
            ["file"] = f.File,
            ["line"] = f.Line,
            ["app"] = f.App,
        }).ToArray()),
        ["errors"] = findings.Count(f => f.Severity == LintSeverity.Error),
        ["warnings"] = findings.Count(f => f.Severity == LintSeverity.Warning),
    }.ToJsonString(Indented) + "\n";

    /// <summary>The findings as a SARIF 2.1.0 log; <paramref name="root"/> is the repository directory the file paths are relative to.</summary>
    public static string Sarif(IReadOnlyList<LintFinding> findings, LintConfig config, string root, string toolVersion)
    {
        var rules = LintRuleCatalog.All;
        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var results = new JsonArray();
        foreach (var f in findings)
        {
            var result = new JsonObject
            {
                ["ruleId"] = f.Rule,
                ["ruleIndex"] = index[f.Rule],
                ["level"] = Level(f.Severity),
                ["message"] = new JsonObject { ["text"] = f.Message },
            };
            if (f.File is not null)
            {
                var physical = new JsonObject { ["artifactLocation"] = new JsonObject { ["uri"] = Uri(f.File), ["uriBaseId"] = "%SRCROOT%" } };
                if (f.Line is > 0) physical["region"] = new JsonObject { ["startLine"] = f.Line };
                result["locations"] = new JsonArray(new JsonObject { ["physicalLocation"] = physical });
            }
            if (f.App is not null) result["properties"] = new JsonObject { ["app"] = f.App };
            results.Add((JsonNode)result);
        }
        var log = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "hawser",
                        ["version"] = toolVersion,
                        ["informationUri"] = "https://github.com/hawser-dev/hawser/blob/main/docs/lint.md",
                        ["rules"] = new JsonArray(rules.Select(r => (JsonNode)new JsonObject
                        {
                            ["id"] = r.Id,
                            ["shortDescription"] = new JsonObject { ["text"] = r.Description },
                            ["defaultConfiguration"] = new JsonObject { ["enabled"] = config.For(r.Id).Enabled, ["level"] = Level(config.For(r.Id).Severity) },
                        }).ToArray()),
                    },
                },
                ["originalUriBaseIds"] = new JsonObject { ["%SRCROOT%"] = new JsonObject { ["uri"] = new Uri(root.TrimEnd('/') + "/").AbsoluteUri } },
                ["results"] = results,
            }),
        };
        return log.ToJsonString(Indented) + "\n";
    }

    private static string Uri(string path) => string.Join('/', path.Split('/').Select(System.Uri.EscapeDataString));

    private static string Level(LintSeverity severity) => severity switch
    {
        LintSeverity.Error => "error",
        LintSeverity.Warning => "warning",
        _ => "note",
    };
}
