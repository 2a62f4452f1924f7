namespace Hawser.Sandbox.Http;

/// <summary>
/// A resource request path taken apart: <c>/api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]</c> or
/// <c>/apis/{group}/{version}/...</c>. <see cref="Resource"/> is empty for the group-version discovery document.
/// </summary>
internal sealed record ApiRoute(string Group, string Version, string? Namespace, string Resource, string? Name, string? Subresource)
{
    /// <summary>Parses a path under /api or /apis; false when the path is not a resource path.</summary>
    public static bool TryParse(string path, out ApiRoute route)
    {
        route = null!;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        int rest;
        if (segments.Length >= 2 && segments[0] == "api")
        {
            (group, version, rest) = ("", segments[1], 2);
        }
        else if (segments.Length >= 3 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else return false;

        var parts = segments[rest..];
        if (parts.Length == 0)
        {
            route = new ApiRoute(group, version, null, "", null, null);
            return true;
        }
        if (parts[0] == "namespaces" && parts.Length >= 3 && !(group.Length == 0 && parts.Length == 3 && parts[2] is "status" or "finalize"))
        {
            if (parts.Length > 5) return false;
            route = new ApiRoute(group, version, parts[1], parts[2], parts.Length > 3 ? parts[3] : null, parts.Length > 4 ? parts[4] : null);
            return true;
        }
        if (parts.Length > 3) return false;
        route = new ApiRoute(group, version, null, parts[0], parts.Length > 1 ? parts[1] : null, parts.Length > 2 ? parts[2] : null);
        return true;
    }
}
