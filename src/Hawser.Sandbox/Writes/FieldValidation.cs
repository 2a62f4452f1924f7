using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Writes;

/// <summary>How the request asked unknown fields to be treated (<c>fieldValidation</c> query parameter).</summary>
internal enum FieldValidationMode
{
    Ignore,
    Warn,
    Strict,
}

/// <summary>
/// Unknown-field checks for <c>fieldValidation</c>: top-level fields against the kind's known fields (or the CRD schema's
/// properties) and every <c>metadata</c> field against ObjectMeta. Strict answers 400 BadRequest with the real server's
/// "strict decoding error" text; Warn returns the messages for a <c>Warning</c> header.
/// </summary>
internal static class FieldValidation
{
    private static readonly HashSet<string> MetadataFields =
    [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    ];

    public static FieldValidationMode ParseMode(string? value) => value switch
    {
        "Strict" => FieldValidationMode.Strict,
        "Ignore" => FieldValidationMode.Ignore,
        _ => FieldValidationMode.Warn,
    };

    /// <summary>The unknown fields, as "unknown field \"x\"" messages, in document order.</summary>
    public static List<string> UnknownFields(ResourceType type, JsonObject body)
    {
        var unknown = new List<string>();
        foreach (var (key, _) in body)
        {
            if (key is "apiVersion" or "kind" or "metadata") continue;
            if (type.TopLevelFields is { } known && !known.Contains(key)) unknown.Add($"unknown field \"{key}\"");
        }
        if (body["metadata"] is JsonObject metadata)
        {
            foreach (var (key, _) in metadata)
            {
                if (!MetadataFields.Contains(key)) unknown.Add($"unknown field \"metadata.{key}\"");
            }
        }
        return unknown;
    }

    /// <summary>Applies the mode: throws for Strict, returns warnings for Warn, nothing for Ignore.</summary>
    public static IReadOnlyList<string> Check(ResourceType type, JsonObject body, FieldValidationMode mode)
    {
        if (mode == FieldValidationMode.Ignore) return [];
        var unknown = UnknownFields(type, body);
        if (unknown.Count == 0) return [];
        if (mode == FieldValidationMode.Strict)
        {
            throw ApiException.BadRequest(
                $"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: {string.Join(", ", unknown)}");
        }
        return unknown;
    }
}
