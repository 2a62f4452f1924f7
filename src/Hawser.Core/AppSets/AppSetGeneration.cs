using Hawser.Apps;

namespace Hawser.AppSets;

/// <summary>What generating an ApplicationSet produced: the Applications, the set's conditions, and the Git revisions read.</summary>
/// <param name="Set">The set.</param>
/// <param name="Applications">The generated Applications in generator order (valid ones only; one per name).</param>
/// <param name="Conditions">Errors and notes about the generation (Argo CD's ApplicationSet conditions).</param>
/// <param name="Revisions">The repositories the git generators read, as <c>URL@commit</c>.</param>
/// <param name="Warnings">Fields of generated Applications Hawser does not act on.</param>
public sealed record AppSetGeneration(
    ApplicationSet Set,
    IReadOnlyList<GeneratedApplication> Applications,
    IReadOnlyList<AppSetCondition> Conditions,
    IReadOnlyList<string> Revisions,
    IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// True when every generator ran and every template rendered. Only a complete generation may delete Applications: an app
    /// missing because a generator failed is not an app the set no longer wants.
    /// </summary>
    public bool IsComplete => Conditions.All(c => c.Type != AppSetCondition.ErrorOccurred);
}

/// <summary>One generated Application and the parameter set it came from.</summary>
/// <param name="Definition">The Application (validated) and its manifest.</param>
/// <param name="Origin">The generator element, e.g. <c>spec.generators[0] (directory production/web)</c>.</param>
public sealed record GeneratedApplication(AppDefinition Definition, string Origin)
{
    public string Name => Definition.Name;
}

/// <summary>A condition of an ApplicationSet, as Argo CD reports them.</summary>
/// <param name="Type"><see cref="ErrorOccurred"/> or <see cref="ParametersGenerated"/>.</param>
/// <param name="Reason">Why, e.g. <c>UnsupportedGenerator</c>, <c>ApplicationNameCollision</c>, <c>RenderTemplateParamsError</c>.</param>
/// <param name="Message">Details naming the set, the generator element and the field.</param>
public sealed record AppSetCondition(string Type, string Reason, string Message)
{
    public const string ErrorOccurred = "ErrorOccurred";
    public const string ParametersGenerated = "ParametersGenerated";

    public override string ToString() => $"{Type} ({Reason}): {Message}";
}
