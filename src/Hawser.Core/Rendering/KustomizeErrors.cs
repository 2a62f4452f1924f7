using Hawser.Processes;

namespace Hawser.Rendering;

/// <summary>
/// Turns a failed <c>kustomize build</c> into a message that leads with kustomize's error line, not the deprecation
/// warnings it prints first (<c># Warning: 'patchesStrategicMerge' is deprecated...</c>), and, for the two errors an
/// operator setting fixes, says which: files outside the kustomization's root (<c>--load-restrictor LoadRestrictionsNone</c>)
/// and Helm charts without <c>--enable-helm</c>, both set by <c>kustomize.buildOptions</c> in argocd-cm.
/// </summary>
internal static class KustomizeErrors
{
    public const string LoadRestrictorHint =
        "hint: the kustomization reads files outside its own directory; allow it with 'kustomize.buildOptions: --load-restrictor LoadRestrictionsNone' in argocd-cm (hawser --settings DIR)";

    public const string EnableHelmHint =
        "hint: the kustomization inflates Helm charts; allow it with 'kustomize.buildOptions: --enable-helm' in argocd-cm (hawser --settings DIR)";

    public static string Describe(ToolException e)
    {
        if (e.StandardError is not { } stderr || e.ExitCode is null) return e.Message;
        var lines = stderr.Split('\n').Select(l => l.TrimEnd('\r').Trim()).Where(l => l.Length > 0).ToList();
        var warnings = lines.Where(IsWarning).ToList();
        var errors = lines.Where(l => !IsWarning(l)).ToList();
        if (errors.Count == 0) errors = warnings;
        var text = string.Join("\n", errors);
        if (text.Length > 4000) text = text[..4000] + "…";
        var parts = new List<string> { $"{Path.GetFileName(e.Tool)} failed (exit {e.ExitCode}): {text}" };
        if (text.Contains("is not in or below", StringComparison.Ordinal) || text.Contains("LoadRestrictionsRootOnly", StringComparison.Ordinal))
            parts.Add(LoadRestrictorHint);
        if (text.Contains("--enable-helm", StringComparison.Ordinal) || text.Contains("enable-helm", StringComparison.Ordinal))
            parts.Add(EnableHelmHint);
        if (!ReferenceEquals(errors, warnings) && warnings.Count > 0)
            parts.Add($"({warnings.Count} deprecation warning{(warnings.Count == 1 ? "" : "s")} from kustomize, first: {warnings[0].TrimStart('#', ' ')})");
        return string.Join("\n", parts);
    }

    private static bool IsWarning(string line) =>
        line.StartsWith("# Warning:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("Warning:", StringComparison.OrdinalIgnoreCase);
}
