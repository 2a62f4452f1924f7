namespace Hawser.Auth;

/// <summary>The RBAC object names of project-scoped resources, as Argo CD forms them.</summary>
public static class RbacObjects
{
    /// <summary>
    /// <c>PROJECT/NAME</c> for an app in the control-plane namespace (or with none), <c>PROJECT/NAMESPACE/NAME</c> for an app in
    /// any other namespace (Argo CD's "applications in any namespace").
    /// </summary>
    public static string App(string project, string appNamespace, string name, string controlNamespace) =>
        appNamespace.Length == 0 || appNamespace == controlNamespace ? $"{project}/{name}" : $"{project}/{appNamespace}/{name}";
}
