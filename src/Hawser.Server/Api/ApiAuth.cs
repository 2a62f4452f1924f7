using System.Security.Cryptography;
using System.Text;
using Hawser.Apps;
using Hawser.Auth;
using Hawser.State;
using Microsoft.AspNetCore.Http;

namespace Hawser.Server.Api;

/// <summary>
/// Who may call the API and what they may do: the server's local token (<c>server.json</c>, the machine's own CLI, acting
/// as <c>admin</c>), Hawser's session, API and project tokens (<see cref="AccountService"/>), and RBAC
/// (<see cref="RbacEnforcer"/>) with the roles of the object's AppProject.
/// </summary>
internal sealed class ApiAuth(AccountService accounts, RbacEnforcer rbac, IAppProjectSource projects, IAuditLog audit, TimeProvider time, string localToken)
{
    /// <summary>The token id of callers that used the server's local token.</summary>
    public const string LocalTokenId = "local";

    private const string CallerKey = "hawser.caller";
    private readonly byte[] _local = Encoding.UTF8.GetBytes(localToken);

    public AccountService Accounts => accounts;

    public IAuditLog Audit => audit;

    /// <summary>The authenticated caller of the request (set by <see cref="InvokeAsync"/>).</summary>
    public static Caller CallerOf(HttpContext context) => (Caller)context.Items[CallerKey]!;

    /// <summary>The caller of a request to an endpoint open without a token, or null when none was given.</summary>
    public static Caller? TryCallerOf(HttpContext context) => context.Items.TryGetValue(CallerKey, out var caller) ? (Caller?)caller : null;

    /// <summary>Where the request came from, for the audit log.</summary>
    public static string SourceOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>
    /// Every <c>/api/</c> request but <c>POST /api/v1/session</c>, <c>GET /api/version</c>, <c>POST /api/webhook</c> (Git
    /// servers authenticate with the webhook secret) and those <see cref="IsOpen"/> lets through must carry a valid bearer
    /// token; anything else is answered 401 with Argo CD's error body, and a refused token is audited.
    /// <c>GET /api/v1/settings</c> is open too, and answers more to a caller with a valid token.
    /// </summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var header = request.Headers.Authorization.ToString();
        var open = !request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            || (HttpMethods.IsPost(request.Method) && request.Path.Equals("/api/v1/session", StringComparison.Ordinal))
            || (HttpMethods.IsGet(request.Method) && request.Path.Equals("/api/version", StringComparison.Ordinal))
            || (HttpMethods.IsPost(request.Method) && request.Path.Equals(WebhookApi.Path, StringComparison.Ordinal))
            || (HttpMethods.IsGet(request.Method) && request.Path.Equals(SettingsApi.Path, StringComparison.Ordinal) && header.Length == 0)
            || IsOpen(context);
        if (open)
        {
            await next(context);
            return;
        }
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "no session information: log in, or pass a token");
            return;
        }
        var token = header["Bearer ".Length..].Trim();
        Caller? caller;
        string? error = null;
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), _local)) caller = new Caller(LocalAccounts.Admin, [], CallerKind.Local, LocalTokenId);
        else (caller, error) = await accounts.AuthenticateAsync(token, projects, context.RequestAborted);
        if (caller is null && ProviderToken is { } provider && await provider(token, context.RequestAborted) is { } external)
        {
            if (external.Caller is not null) (caller, error) = (external.Caller, null);
            else if (external.Error is not null) error = external.Error;
        }
        if (caller is null)
        {
            await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), "unknown", "token", [], null, "authenticate", "session", request.Path, null, null,
                SourceOf(context), AuditOutcome.Denied, error ?? "invalid token"), context.RequestAborted);
            await ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, $"invalid session: {error}");
            return;
        }
        context.Items[CallerKey] = caller;
        await next(context);
    }

    /// <summary>
    /// Checks a bearer token that is not Hawser's against the SSO provider (set by the SSO endpoints when SSO is configured):
    /// null when the token is not the provider's at all, else the caller it stands for or why it is refused.
    /// </summary>
    public Func<string, CancellationToken, Task<(Caller? Caller, string? Error)?>>? ProviderToken { get; set; }

    /// <summary>The bearer token of the request, or null.</summary>
    public static string? BearerOf(HttpContext context) =>
        context.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;

    /// <summary>Paths of the SSO login flow, open without a token (set by the SSO endpoints when SSO is configured).</summary>
    public Func<HttpContext, bool> IsOpen { get; set; } = _ => false;

    /// <summary>True when the caller may do <paramref name="action"/> on the app.</summary>
    public async Task<bool> MayAsync(Caller caller, Application app, string action, CancellationToken cancellationToken) =>
        rbac.Enforce(caller, RbacResources.Applications, action, AppObject(app), await ProjectRbacAsync(app.Spec.Project, cancellationToken));

    /// <summary>The check of <paramref name="action"/> on apps (their <see cref="AppObject"/>) of one project whose roles are
    /// read already, prepared for many apps (see <see cref="RbacEnforcer.Prepare"/>).</summary>
    public Func<string, bool> PrepareAppCheck(Caller caller, string action, ProjectRbac? projectRbac) =>
        rbac.Prepare(caller, RbacResources.Applications, action, projectRbac);

    /// <summary>The same check over many apps (a list, a batch of a stream): each project's roles are read once for the batch.</summary>
    public AppPermissions Batch(Caller caller, string action) => new(this, caller, action);

    /// <summary>True when the caller may do <paramref name="action"/> on <paramref name="obj"/>; for the project-scoped resources
    /// (applications, applicationsets, logs, exec) the roles of the project the object names take part.</summary>
    public async Task<bool> MayOnObjectAsync(Caller caller, string resource, string action, string obj, CancellationToken cancellationToken)
    {
        var scoped = resource is RbacResources.Applications or RbacResources.ApplicationSets or RbacResources.Logs or RbacResources.Exec;
        var project = scoped && obj.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash ? await ProjectRbacAsync(obj[..slash], cancellationToken) : null;
        return rbac.Enforce(caller, resource, action, obj, project);
    }

    /// <summary>True when the caller may do <paramref name="action"/> on a resource that belongs to no project.</summary>
    public bool May(Caller caller, string resource, string action, string obj) => rbac.Enforce(caller, resource, action, obj);

    /// <summary>Refuses a manual sync the app's project does not permit now (its rules, or a closed sync window).</summary>
    /// <exception cref="ProjectViolationException">The project refuses it; the message names the rule.</exception>
    public async Task CheckManualSyncAsync(Application app, bool dryRun, CancellationToken cancellationToken)
    {
        var project = await new AppProjects(projects, AppProjectRules.DefaultControlNamespaces).CheckAsync(app, cancellationToken);
        if (!dryRun && SyncWindowSet.CanSync(project, app, manual: true, time.GetUtcNow()) is { Allowed: false } window)
            throw new ProjectViolationException(app.Name, [window.Reason]);
    }

    /// <summary>The RBAC object of an app.</summary>
    public static string AppObject(Application app)
    {
        var ns = app.Metadata.Namespace;
        var control = ns.Length == 0 || AppProjectRules.DefaultControlNamespaces.Contains(ns, StringComparer.Ordinal);
        return RbacObjects.App(app.Spec.Project, control ? "" : ns, app.Name, "");
    }

    /// <summary>The RBAC object of a cluster or repository: <c>PROJECT/NAME</c> when it is scoped to a project, else its name (Argo CD).</summary>
    public static string ScopedObject(string? project, string name) => project is { Length: > 0 } ? $"{project}/{name}" : name;

    /// <summary>Audits a refusal and answers it: 403 <c>permission denied: RESOURCE, ACTION, OBJECT</c>.</summary>
    public async Task<IResult> DenyAsync(HttpContext context, string resource, string action, string obj, Application? app = null)
    {
        await AuditAsync(context, action, resource, obj, app, AuditOutcome.Denied, "permission denied");
        return ApiErrors.Result(StatusCodes.Status403Forbidden, $"permission denied: {resource}, {action}, {obj}");
    }

    /// <summary>Records an API action in the audit log.</summary>
    public Task AuditAsync(HttpContext context, string action, string resource, string obj, Application? app, AuditOutcome outcome, string detail)
    {
        var caller = CallerOf(context);
        return audit.AppendAsync(new AuditEntry(time.GetUtcNow(), caller.Subject, caller.Kind.ToString(), caller.Groups, caller.TokenId, action, resource, obj,
            app?.Name, app?.Spec.Project, SourceOf(context), outcome, detail), context.RequestAborted);
    }

    /// <summary>The RBAC roles the declared project <paramref name="project"/> adds, or null when it is not declared.</summary>
    public async Task<ProjectRbac?> ProjectRbacAsync(string project, CancellationToken cancellationToken) =>
        await projects.FindAsync(project, cancellationToken) is { } declared ? ProjectRbac.From(declared, rbac.Policy.MatchMode) : null;
}
