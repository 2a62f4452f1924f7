using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Patching;

/// <summary>One server-side apply request: who applies, whether conflicts are overridden, the request's API version and clock.</summary>
internal sealed record ApplyRequest(string Manager, bool Force, string ApiVersion, DateTimeOffset Now);

/// <summary>
/// The result of a server-side apply: the merged object with updated <c>metadata.managedFields</c>, or, when
/// <see cref="Conflicts"/> is not empty, the untouched live object and the fields another manager owns with a different value.
/// </summary>
internal sealed record ApplyOutcome(JsonObject Object, IReadOnlyList<FieldConflict> Conflicts)
{
    /// <summary>True when the apply was refused because of conflicts.</summary>
    public bool HasConflicts => Conflicts.Count > 0;
}

/// <summary>
/// A field another manager owns with a different value. <see cref="Field"/> is in kubectl's form
/// (<c>.data.a</c>, <c>.spec.containers[name="web"].image</c>).
/// </summary>
internal sealed record FieldConflict(string Manager, string Field, string ApiVersion)
{
    /// <summary>The cause message the API server sends: <c>conflict with "kubectl-create" using v1</c>.</summary>
    public string Message => $"conflict with \"{Manager}\" using {ApiVersion}";
}
