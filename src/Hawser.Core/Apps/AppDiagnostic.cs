using Hawser.Manifests;

namespace Hawser.Apps;

/// <summary>
/// An error or warning about one field of one Argo CD object, formatted as
/// <c>apps/web.yaml (document 0, line 1): Application "web": spec.destination: one of server or name is required</c>.
/// </summary>
/// <param name="Location">Where the object was read from, when known.</param>
/// <param name="Object">The object, e.g. <c>Application "web"</c>.</param>
/// <param name="Field">The field path, e.g. <c>spec.source.helm.valueFiles[1]</c>.</param>
/// <param name="Message">What is wrong (or ignored).</param>
public sealed record AppDiagnostic(SourceLocation? Location, string Object, string Field, string Message)
{
    public override string ToString() =>
        Location is null ? $"{Object}: {Field}: {Message}" : $"{Location}: {Object}: {Field}: {Message}";
}

/// <summary>What <see cref="ApplicationReader"/> found: the typed objects, every error and every warning, in input order.</summary>
public sealed record ApplicationReadResult(
    IReadOnlyList<Application> Applications,
    IReadOnlyList<AppProject> Projects,
    IReadOnlyList<AppSets.ApplicationSet> ApplicationSets,
    IReadOnlyList<AppDiagnostic> Errors,
    IReadOnlyList<AppDiagnostic> Warnings)
{
    /// <summary>Throws an <see cref="ApplicationValidationException"/> listing every error, if there is any.</summary>
    public ApplicationReadResult ThrowIfErrors()
    {
        if (Errors.Count > 0) throw new ApplicationValidationException(Errors);
        return this;
    }
}

/// <summary>One or more Argo CD objects are invalid. The message lists every error, one per line.</summary>
public sealed class ApplicationValidationException : Exception
{
    public ApplicationValidationException(IReadOnlyList<AppDiagnostic> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    /// <summary>Every error found.</summary>
    public IReadOnlyList<AppDiagnostic> Errors { get; }

    private static string Format(IReadOnlyList<AppDiagnostic> errors) =>
        errors.Count == 1
            ? $"invalid Argo CD object: {errors[0]}"
            : $"{errors.Count} errors in Argo CD objects:\n  " + string.Join("\n  ", errors);
}
