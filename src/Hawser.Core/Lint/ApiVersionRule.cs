namespace Hawser.Lint;

/// <summary>
/// API versions Kubernetes removes (<see cref="DeprecatedApis"/>): with a target version (<c>--kube-version</c>), a removed one
/// is <c>removed-api</c> and a deprecated one <c>deprecated-api</c>; without one, every API version with a documented removal
/// is <c>deprecated-api</c>.
/// </summary>
internal sealed class ApiVersionRule : ILintRule
{
    public IEnumerable<LintFinding> Check(LintContext context)
    {
        var target = context.Input.KubeVersion;
        foreach (var obj in AppObject.All(context))
        {
            if (DeprecatedApis.Find(obj.Object.ApiVersion, obj.Object.Kind) is not { } api) continue;
            var what = $"{obj.Key}: apiVersion {api.ApiVersion} of {api.Kind}";
            var at = context.Locate(obj.App, obj.Object);
            if (target is { } t && t >= api.RemovedIn)
                yield return LintContext.Finding("removed-api", $"{what} is no longer served as of Kubernetes {api.RemovedIn} (target {t}); use {api.Replacement}", at, obj.App.Name);
            else if (target is not { } v || v >= api.DeprecatedIn)
                yield return LintContext.Finding("deprecated-api", $"{what} is deprecated since Kubernetes {api.DeprecatedIn} and removed in {api.RemovedIn}; use {api.Replacement}", at, obj.App.Name);
        }
    }
}
