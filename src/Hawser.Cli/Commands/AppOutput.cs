using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.Compare;
using Hawser.Health;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Cli.Commands;

/// <summary>How the <c>app</c> verbs print their results: tables and diffs for people, YAML/JSON for scripts.</summary>
internal static class AppOutput
{
    private static bool Colour => !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    public static void Warnings(IEnumerable<string> warnings)
    {
        foreach (var warning in warnings.Distinct(StringComparer.Ordinal)) Console.Error.WriteLine($"warning: {warning}");
    }

    public static void Diff(AppDiffReport report, TextWriter output)
    {
        foreach (var item in report.Comparison.Items.Where(i => i.Status != CompareStatus.Synced))
        {
            var title = $"{item.Key} ({item.Status})";
            if (item.Diff.Length > 0) output.Write(Colour ? item.ColouredDiff(title) : item.Diff);
            else output.WriteLine($"=== {title}{(item.Message.Length > 0 ? ": " + item.Message : "")}");
        }
        foreach (var child in report.Children.Where(c => c.Action != "Unchanged"))
            output.WriteLine($"=== {child.Kind}/{child.Name} ({child.Action}): {child.Message}");
        if (!report.HasDifferences) output.WriteLine($"app {report.App} is in sync with {Revision(report.Revisions)}");
    }

    public static void SyncReport(AppSyncReport report, TextWriter output, int depth = 0)
    {
        var indent = new string(' ', depth * 2);
        var op = report.Sync.Operation;
        var header = op.DryRun ? "dry run" : report.HistoryId is { } history ? $"sync {history.ToString(CultureInfo.InvariantCulture)}" : "sync";
        output.WriteLine($"{indent}app {report.App}: {header} {op.Phase} at {Revision(op.Revisions)} — {op.Message}");
        var rows = op.Tasks.Select(t => new[] { t.Phase.ToString(), Wave(t.Wave), t.Key.ToString(), t.IsHook ? "hook" : "", op.DryRun ? WouldDo(t.Action) : t.Action.ToString(), t.Message }).ToList();
        if (rows.Count > 0) Table(["PHASE", "WAVE", "OBJECT", "", op.DryRun ? "WOULD" : "RESULT", "MESSAGE"], rows, output, indent + "  ");
        foreach (var child in report.Children.Where(c => c.Action != "Unchanged"))
            output.WriteLine($"{indent}  {child.Kind}/{child.Name}: {child.Action} — {child.Message}");
        if (!op.DryRun) output.WriteLine($"{indent}  health: {report.Health.Status}{(report.Health.Message.Length > 0 ? " — " + report.Health.Message : "")}");
        Warnings(report.Warnings);
        foreach (var child in report.ChildSyncs) SyncReport(child, output, depth + 1);
    }

    /// <summary>What a dry run says the sync would do with an object.</summary>
    private static string WouldDo(SyncTaskAction action) => action switch
    {
        SyncTaskAction.Created => "create",
        SyncTaskAction.Configured => "configure",
        SyncTaskAction.Deleted or SyncTaskAction.Pruned => "prune",
        SyncTaskAction.Unchanged => "unchanged",
        SyncTaskAction.Skipped => "skip",
        _ => "fail",
    };

    public static void Status(AppStatusReport report, string format, TextWriter output)
    {
        switch (format)
        {
            case "json":
                output.WriteLine(ToJson(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return;
            case "yaml":
                output.Write(ManifestWriter.ToYaml(ToJson(report)));
                return;
            case "table":
            case "wide":
                break;
            default:
                throw new UsageException($"-o {format}: choose table, wide, yaml or json");
        }
        output.WriteLine($"Name:        {report.App}");
        output.WriteLine($"Revision:    {Revision(report.Revisions)}");
        output.WriteLine($"Sync Status: {report.SyncStatus}");
        output.WriteLine($"Health:      {report.Health.Status}{(report.Health.Message.Length > 0 ? " — " + report.Health.Message : "")}");
        if (report.LastOperation is { } op)
        {
            var id = report.LastHistoryId is { } history ? $"history ID {history.ToString(CultureInfo.InvariantCulture)}, " : "";
            output.WriteLine($"Last Sync:   {op.Phase} ({id}{op.FinishedAt ?? op.StartedAt:u}) — {op.Message}");
        }
        output.WriteLine();
        var wide = format == "wide";
        var headers = wide ? new[] { "GROUP", "KIND", "NAMESPACE", "NAME", "STATUS", "HEALTH", "MESSAGE" } : ["GROUP", "KIND", "NAMESPACE", "NAME", "STATUS", "HEALTH"];
        var rows = report.Resources.Select(r =>
        {
            var row = new List<string> { r.Key.Group, r.Key.Kind, r.Key.Namespace, r.Key.Name, r.Status.ToString(), r.Health?.Status.ToString() ?? "" };
            if (wide) row.Add(r.Message.Length > 0 ? r.Message : r.Health?.Message ?? "");
            return row.ToArray();
        }).ToList();
        Table(headers, rows, output, "");
        if (report.Children.Count > 0)
        {
            output.WriteLine();
            Table(["CHILD", "KIND", "SYNC", "HEALTH", "MESSAGE"], report.Children.Select(c => new[]
            {
                c.Name, c.Kind,
                c.Status?.SyncStatus.ToString() ?? (c.Kind == "Application" ? "never synced" : "-"),
                c.Status?.Health.ToString() ?? "-",
                c.Status?.HealthMessage ?? (c.Kind == "ApplicationSet" ? "generators are not supported yet" : ""),
            }).ToList(), output, "");
        }
    }

    public static void History(IReadOnlyList<HistoryEntry> history, TextWriter output)
    {
        if (history.Count == 0)
        {
            output.WriteLine("no history yet");
            return;
        }
        Table(["ID", "DEPLOYED", "REVISION", "PHASE", "INITIATOR"],
            history.Select(h => new[] { h.Id.ToString(CultureInfo.InvariantCulture), h.DeployedAt.ToString("u", CultureInfo.InvariantCulture), Revision(h.Revisions), h.Phase.ToString(), h.Initiator }).ToList(),
            output, "");
    }

    public static void Deleted(AppDeleteReport report, TextWriter output)
    {
        foreach (var key in report.Deleted) output.WriteLine($"deleted {key}");
        foreach (var kept in report.Kept) output.WriteLine($"kept {kept}");
        foreach (var child in report.Children) Deleted(child, output);
        output.WriteLine($"app {report.App} deleted ({report.Deleted.Count} objects)");
    }

    private static JsonObject ToJson(AppStatusReport report) => new()
    {
        ["name"] = report.App,
        ["revisions"] = new JsonArray([.. report.Revisions.Select(r => (JsonNode)r)]),
        ["sync"] = new JsonObject { ["status"] = report.SyncStatus.ToString() },
        ["health"] = new JsonObject { ["status"] = report.Health.Status.ToString(), ["message"] = report.Health.Message },
        ["resources"] = new JsonArray([.. report.Resources.Select(r => (JsonNode)new JsonObject
        {
            ["group"] = r.Key.Group,
            ["kind"] = r.Key.Kind,
            ["namespace"] = r.Key.Namespace,
            ["name"] = r.Key.Name,
            ["status"] = r.Status.ToString(),
            ["health"] = r.Health?.Status.ToString(),
            ["message"] = r.Message.Length > 0 ? r.Message : r.Health?.Message,
        })]),
        ["children"] = new JsonArray([.. report.Children.Select(c => (JsonNode)new JsonObject
        {
            ["kind"] = c.Kind,
            ["name"] = c.Name,
            ["sync"] = c.Status?.SyncStatus.ToString(),
            ["health"] = c.Status?.Health.ToString(),
        })]),
    };

    /// <summary>A wave for display: Namespaces pulled ahead of every wave run in the lowest possible wave, shown as "first".</summary>
    public static string Wave(int wave) => wave == int.MinValue ? "first" : wave.ToString(CultureInfo.InvariantCulture);

    private static string Revision(IReadOnlyList<string> revisions) =>
        revisions.Count == 0 ? "(no revision)" : string.Join(", ", revisions.Select(r => r.Length == 40 && r.All(char.IsAsciiHexDigitLower) ? r[..10] : r));

    /// <summary>Prints aligned columns, kubectl style.</summary>
    public static void Table(IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, TextWriter output, string indent)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        output.WriteLine(indent + string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows)
            output.WriteLine(indent + string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
    }
}
