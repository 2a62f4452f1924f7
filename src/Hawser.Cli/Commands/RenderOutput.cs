using System.Text.Json.Nodes;
using Hawser.Manifests;
using Hawser.Rendering;

namespace Hawser.Cli.Commands;

/// <summary>Writes what <c>hawser render</c> produced: warnings and errors to stderr, objects to stdout or files, or a summary.</summary>
internal static class RenderOutput
{
    public static async Task<int> WriteAsync(IReadOnlyList<AppRenderOutcome> outcomes, RenderCommand.RenderRequest request, CancellationToken cancellationToken)
    {
        var failed = 0;
        foreach (var outcome in outcomes)
        {
            if (outcome.Error is not null)
            {
                failed++;
                await Console.Error.WriteLineAsync($"error: {outcome.Application.Name}: {outcome.Error}");
                continue;
            }
            foreach (var warning in outcome.Result!.Warnings) await Console.Error.WriteLineAsync($"warning: {outcome.Application.Name}: {warning}");
        }

        var objects = outcomes.Where(o => o.Result is not null).SelectMany(o => o.Result!.Objects).ToList();
        if (request.Summary)
        {
            WriteSummary(outcomes);
        }
        else if (request.OutputDir is not null)
        {
            Directory.CreateDirectory(request.OutputDir);
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var obj in objects)
            {
                var fileName = FileName(obj);
                if (!used.Add(fileName)) throw new InvalidOperationException($"two objects would both be written to {fileName}");
                var text = request.Output == "json" ? obj.ToIndentedJson() + "\n" : ManifestWriter.ToYaml(obj.Body);
                await File.WriteAllTextAsync(Path.Combine(request.OutputDir, fileName.Replace(".yaml", request.Output == "json" ? ".json" : ".yaml", StringComparison.Ordinal)), text, cancellationToken);
            }
            await Console.Error.WriteLineAsync($"wrote {objects.Count} objects to {request.OutputDir}");
        }
        else if (request.Output == "json")
        {
            var list = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "List",
                ["items"] = new JsonArray(objects.Select(o => (JsonNode)o.Body.DeepClone()).ToArray()),
            };
            Console.Out.Write(new KubeObject(list).ToIndentedJson() + "\n");
        }
        else
        {
            Console.Out.Write(ManifestWriter.ToYaml(objects));
        }
        await Console.Out.FlushAsync(cancellationToken);
        return failed > 0 ? ExitCodes.Error : ExitCodes.Ok;
    }

    /// <summary><c>&lt;group&gt;_&lt;kind&gt;_&lt;namespace&gt;_&lt;name&gt;.yaml</c>, lower-case, with <c>core</c> for the core group and an empty namespace for cluster-scoped objects.</summary>
    internal static string FileName(KubeObject obj)
    {
        static string Safe(string s) => new(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? char.ToLowerInvariant(c) : '-').ToArray());
        var group = obj.Group.Length == 0 ? "core" : obj.Group;
        var ns = obj.Namespace;
        var name = obj.Name.Length == 0 ? obj.GenerateName : obj.Name;
        return $"{Safe(group)}_{Safe(obj.Kind)}_{Safe(ns)}_{Safe(name)}.yaml";
    }

    private static void WriteSummary(IReadOnlyList<AppRenderOutcome> outcomes)
    {
        var rows = outcomes.Select(o =>
        {
            var source = o.Application.Spec.Sources.FirstOrDefault(s => !s.IsRefOnly);
            var where = source is null ? "" : source.IsChart ? $"{source.Chart}@{source.TargetRevision}" : source.Path ?? ".";
            if (o.Result is null) return (o.Application.Name, where, "FAILED", "");
            var kinds = string.Join(", ", o.Result.Objects.GroupBy(x => x.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
            return (o.Application.Name, where, o.Result.Objects.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), kinds);
        }).ToList();
        var w1 = Math.Max(3, rows.Max(r => r.Item1.Length));
        var w2 = Math.Max(6, rows.Max(r => r.Item2.Length));
        Console.Out.WriteLine($"{"APP".PadRight(w1)}  {"SOURCE".PadRight(w2)}  OBJECTS  KINDS");
        foreach (var (app, where, count, kinds) in rows)
            Console.Out.WriteLine($"{app.PadRight(w1)}  {where.PadRight(w2)}  {count,7}  {kinds}");
        var ok = outcomes.Count(o => o.Result is not null);
        var warnings = outcomes.Sum(o => o.Result?.Warnings.Count ?? 0);
        Console.Out.WriteLine($"{ok} of {outcomes.Count} apps rendered, {outcomes.Where(o => o.Result is not null).Sum(o => o.Result!.Objects.Count)} objects" +
            (warnings > 0 ? $", {warnings} warning(s) on stderr" : ""));
    }
}
