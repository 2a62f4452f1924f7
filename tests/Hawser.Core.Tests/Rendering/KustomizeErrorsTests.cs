using Hawser.Processes;
using Hawser.Rendering;

namespace Hawser.Core.Tests.Rendering;

public sealed class KustomizeErrorsTests
{
    [Fact]
    public void The_error_line_comes_before_deprecation_warnings_however_many()
    {
        var warnings = string.Concat(Enumerable.Repeat("# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.\n", 60));
        var stderr = warnings + "Error: accumulating resources: 'missing.yaml': no such file or directory\n";

        var message = KustomizeErrors.Describe(new ToolException("/usr/bin/kustomize", "kustomize failed (exit 1): " + stderr[..4000], 1, standardError: stderr));

        Assert.StartsWith("kustomize failed (exit 1): Error: accumulating resources: 'missing.yaml'", message, StringComparison.Ordinal);
        Assert.Contains("(60 deprecation warnings from kustomize, first: Warning: 'commonLabels' is deprecated", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("E1130 run.go:72] \"command failed\" err=\"accumulating resources: security; file '/r/base/cm.yaml' is not in or below '/r/app'\"", KustomizeErrors.LoadRestrictorHint)]
    [InlineData("Error: trouble configuring builtin HelmChartInflationGenerator with config: `name: foo`: must specify --enable-helm", KustomizeErrors.EnableHelmHint)]
    public void Errors_an_operator_setting_fixes_name_the_setting(string stderr, string hint)
    {
        var message = KustomizeErrors.Describe(new ToolException("kubectl", "kubectl failed (exit 1): " + stderr, 1, standardError: stderr));

        Assert.Contains(hint, message, StringComparison.Ordinal);
        Assert.Contains("kustomize.buildOptions", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tool_that_did_not_run_keeps_its_message()
    {
        var e = new ToolException("kustomize", "kustomize: could not start (No such file); is it installed? Run scripts/setup.sh.");

        Assert.Equal(e.Message, KustomizeErrors.Describe(e));
    }
}
