namespace Hawser.Lint;

/// <summary>One family of lint checks. Each finding names a rule of <see cref="LintRuleCatalog"/>; the linter applies the configuration.</summary>
internal interface ILintRule
{
    IEnumerable<LintFinding> Check(LintContext context);
}
