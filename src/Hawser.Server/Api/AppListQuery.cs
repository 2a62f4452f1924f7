using System.Globalization;
using Hawser.Apps;
using Hawser.Controller;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Hawser.Server.Api;

/// <summary>
/// The filters of <c>GET /api/v1/applications</c> (and of the application stream), each optional and repeatable where it
/// makes sense, all of them applied together: <c>name</c>, <c>projects</c>/<c>project</c>, <c>cluster</c>/<c>clusters</c>
/// (destination server or name), <c>namespace</c>/<c>namespaces</c> (destination namespace), <c>repo</c> (a source's repoURL),
/// <c>selector</c> (labels), <c>health</c>, <c>sync</c>, <c>search</c> (part of the name, any case); and pagination:
/// <c>limit</c> and <c>continue</c> (the <c>metadata.continue</c> of the previous page).
/// </summary>
internal sealed record AppListQuery(
    IReadOnlySet<string> Names,
    IReadOnlySet<string> Projects,
    IReadOnlySet<string> Clusters,
    IReadOnlySet<string> Namespaces,
    IReadOnlySet<string> Repos,
    LabelSelector Selector,
    IReadOnlySet<string> Health,
    IReadOnlySet<string> Sync,
    string Search,
    int? Limit,
    string? Continue)
{
    private const int MaxLimit = 10_000;

    /// <exception cref="BadHttpRequestException">A limit that is not a positive number.</exception>
    public static AppListQuery From(IQueryCollection query)
    {
        int? limit = null;
        if (query["limit"].ToString() is { Length: > 0 } text)
        {
            if (!int.TryParse(text, CultureInfo.InvariantCulture, out var l) || l <= 0)
                throw new BadHttpRequestException($"limit must be a positive number, not \"{text}\"", StatusCodes.Status400BadRequest);
            limit = Math.Min(l, MaxLimit);
        }
        return new AppListQuery(
            Set(query["name"]),
            Set(query["projects"], query["project"]),
            Set(query["cluster"], query["clusters"]),
            Set(query["namespace"], query["namespaces"]),
            Set(query["repo"]),
            LabelSelector.Parse(query["selector"].ToString()),
            Set(query["health"]),
            Set(query["sync"]),
            query["search"].ToString().Trim(),
            limit,
            query["continue"].ToString() is { Length: > 0 } after ? after : null);
    }

    /// <summary>True when the app passes every filter given.</summary>
    public bool Matches(Application app, AppRuntimeStatus? status)
    {
        var destination = app.Spec.Destination;
        return (Names.Count == 0 || Names.Contains(app.Name))
            && (Projects.Count == 0 || Projects.Contains(app.Spec.Project))
            && (Clusters.Count == 0 || Clusters.Contains(destination.Server ?? "") || Clusters.Contains(destination.Name ?? ""))
            && (Namespaces.Count == 0 || Namespaces.Contains(destination.Namespace))
            && (Repos.Count == 0 || app.Spec.Sources.Any(s => Repos.Contains(s.RepoUrl)))
            && Selector.Matches(app.Metadata.Labels)
            && (Health.Count == 0 || Health.Contains((status?.Health.Status ?? Hawser.Health.HealthStatus.Unknown).ToString()))
            && (Sync.Count == 0 || Sync.Contains((status?.Sync ?? State.AppSyncStatus.Unknown).ToString()))
            && (Search.Length == 0 || app.Name.Contains(Search, StringComparison.OrdinalIgnoreCase));
    }

    private static HashSet<string> Set(params StringValues[] values) =>
        values.SelectMany(v => v).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
}
