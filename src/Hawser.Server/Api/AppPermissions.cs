using Hawser.Apps;
using Hawser.Auth;

namespace Hawser.Server.Api;

/// <summary>
/// One caller's permission for one action on many apps, decided as <see cref="ApiAuth.MayAsync"/> decides it for one: each
/// AppProject is read, its roles parsed and the caller's applicable rules gathered once per batch (a list request, a batch
/// of stream events) instead of once per app, so a list of thousands of apps in a few projects costs a few project reads
/// and one object match per app. A project or policy changed meanwhile counts from the next batch.
/// </summary>
internal sealed class AppPermissions(ApiAuth auth, Caller caller, string action)
{
    private readonly Dictionary<string, Func<string, bool>> _projects = new(StringComparer.Ordinal);

    /// <summary>True when the caller may do the action on the app.</summary>
    public async ValueTask<bool> MayAsync(Application app, CancellationToken cancellationToken)
    {
        var name = app.Spec.Project;
        if (!_projects.TryGetValue(name, out var check))
        {
            check = auth.PrepareAppCheck(caller, action, await auth.ProjectRbacAsync(name, cancellationToken));
            _projects[name] = check;
        }
        return check(ApiAuth.AppObject(app));
    }
}
