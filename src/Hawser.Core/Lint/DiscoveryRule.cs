using Hawser.Apps;

namespace Hawser.Lint;

/// <summary>
/// What finding the apps met: <c>render-failed</c> (the tool's message), <c>render-warning</c>, and the discovery problems
/// <c>invalid-object</c>, <c>unsupported-field</c>, <c>appset-failed</c>, <c>duplicate-app</c>. Unreadable files are left to
/// <see cref="YamlReadingRule"/>, which reads every YAML file.
/// </summary>
internal sealed class DiscoveryRule : ILintRule
{
    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var app in context.Apps)
        {
            if (app.Error is { } error) yield return LintContext.Finding("render-failed", error, context.Locate(app), app.Name);
            foreach (var warning in app.Result?.Warnings ?? []) yield return LintContext.Finding("render-warning", warning, context.Locate(app), app.Name);
        }
        foreach (var problem in context.Input.Inventory.Problems)
        {
            var rule = problem.Kind switch
            {
                ConfigRepoProblemKind.InvalidObject => "invalid-object",
                ConfigRepoProblemKind.UnsupportedField => "unsupported-field",
                ConfigRepoProblemKind.ApplicationSet => "appset-failed",
                ConfigRepoProblemKind.DuplicateApp => "duplicate-app",
                _ => null,
            };
            if (rule is null) continue;
            var at = problem.Location is { } l && context.Sources.Any(s => s.Path == l.File) ? (l.File, (int?)l.Line)
                : context.Apps.FirstOrDefault(a => a.Name == problem.App) is { } owner ? context.Locate(owner) : (null, null);
            yield return LintContext.Finding(rule, problem.Message, at, problem.App.Length > 0 ? problem.App : null);
        }
    }
}
