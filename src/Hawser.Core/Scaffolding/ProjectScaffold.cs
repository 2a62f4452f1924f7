using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Scaffolding;

/// <summary>
/// An <c>AppProject</c> where the repo keeps them (<c>projects/</c> by default): its apps may come from the repo's own URL
/// (from its Applications; any repository when it has none) and deploy into one namespace of the in-cluster destination (the
/// project's name unless given), and may create no cluster-scoped object.
/// </summary>
public static class ProjectScaffold
{
    /// <exception cref="ScaffoldException">The name or namespace is not valid.</exception>
    public static IReadOnlyList<ScaffoldFile> Plan(RepoConventions conventions, string name, string? ns)
    {
        AppScaffold.Check("project name", name, KubernetesNames.SubdomainError);
        var destinationNamespace = ns ?? name;
        AppScaffold.Check("--namespace", destinationNamespace, KubernetesNames.LabelError);
        var project = new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "AppProject",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = conventions.ArgoNamespace },
            ["spec"] = new JsonObject
            {
                ["description"] = $"The {name} project",
                ["sourceRepos"] = new JsonArray(conventions.RepoUrl ?? "*"),
                ["destinations"] = new JsonArray(new JsonObject { ["server"] = "https://kubernetes.default.svc", ["namespace"] = destinationNamespace }),
                ["clusterResourceWhitelist"] = new JsonArray(),
            },
        };
        return [new ScaffoldFile($"{conventions.ProjectsDirectory}/{name}.yaml".TrimStart('.', '/'), ManifestWriter.ToYaml(project))];
    }
}
