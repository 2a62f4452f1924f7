namespace Hawser.Sandbox.Api;

/// <summary>A cause inside a Status's <c>details.causes</c>.</summary>
internal sealed record StatusCause(string Reason, string Message, string Field);

/// <summary>
/// A failed API call, answered as a Kubernetes <c>Status</c> (kind Status, apiVersion v1) with the HTTP code, reason,
/// message and details kubectl needs to print <c>Error from server (Reason): message</c>. Messages never contain object data.
/// </summary>
internal sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, string name = "", string group = "", string kind = "", IReadOnlyList<StatusCause>? causes = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Name = name;
        Group = group;
        Kind = kind;
        Causes = causes ?? [];
    }

    public int Code { get; }
    public string Reason { get; }
    public string Name { get; }
    public string Group { get; }
    public string Kind { get; }
    public IReadOnlyList<StatusCause> Causes { get; }

    /// <summary>Seconds for a Retry-After header (429 and some 500s), or zero.</summary>
    public int RetryAfterSeconds { get; init; }

    public static ApiException NotFound(GroupResource resource, string name) =>
        new(404, "NotFound", $"{resource} \"{name}\" not found", name, resource.Group, resource.Resource);

    public static ApiException AlreadyExists(GroupResource resource, string name) =>
        new(409, "AlreadyExists", $"{resource} \"{name}\" already exists", name, resource.Group, resource.Resource);

    public static ApiException Conflict(GroupResource resource, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            name, resource.Group, resource.Resource);

    /// <summary>
    /// 422 Invalid in the API server's words: <c>Kind.group "name" is invalid: field: message</c> (the bare kind in the core
    /// group), several causes in brackets.
    /// </summary>
    public static ApiException Invalid(string kind, string group, string name, IReadOnlyList<StatusCause> causes)
    {
        var each = causes.Select(c => c.Field.Length > 0 ? $"{c.Field}: {c.Message}" : c.Message).ToList();
        var detail = each.Count == 1 ? each[0] : $"[{string.Join(", ", each)}]";
        var qualified = group.Length == 0 ? kind : $"{kind}.{group}";
        return new(422, "Invalid", $"{qualified} \"{name}\" is invalid: {detail}", name, group, kind, causes);
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got {contentType})");

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException Forbidden(GroupResource resource, string name, string message) =>
        new(403, "Forbidden", message, name, resource.Group, resource.Resource);

    public static ApiException NotFoundPath() => new(404, "NotFound", "the server could not find the requested resource");
}
