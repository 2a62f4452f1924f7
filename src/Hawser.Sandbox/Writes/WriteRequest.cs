using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Writes;

/// <summary>The query options every write carries: <c>dryRun=All</c>, <c>fieldManager</c> and <c>fieldValidation</c>.</summary>
internal sealed record WriteRequest(bool DryRun, string FieldManager, FieldValidationMode Validation)
{
    public static readonly WriteRequest Internal = new(false, "hawser-sandbox", FieldValidationMode.Ignore);
}

/// <summary>The outcome of a write: the HTTP code (201 created, 200 otherwise), the object to return, and warnings.</summary>
internal sealed record WriteResult(int Code, JsonObject Object, IReadOnlyList<string> Warnings);

/// <summary><c>propagationPolicy</c> of a delete.</summary>
internal enum Propagation
{
    Background,
    Foreground,
    Orphan,
}

/// <summary>A delete's options (query or DeleteOptions body).</summary>
internal sealed record DeleteRequest(bool DryRun, Propagation Propagation, string? PreconditionUid, string? PreconditionResourceVersion);
