using Hawser.Apps;

namespace Hawser.Controller;

/// <summary>
/// Where the controller's root Applications come from: Application files (<c>--root FILE</c>, re-read at every refresh of
/// the root), or a directory of Argo CD manifests in a Git repository (<c>--repo URL --path P</c>), which becomes one root
/// app-of-apps named <see cref="RepoRootName"/> whose Applications, ApplicationSets and AppProjects register as its
/// children, exactly as an Argo CD user would point one Application at that directory.
/// </summary>
public abstract record RootSource
{
    /// <summary>The name of the root app made for <c>--repo URL --path P</c>.</summary>
    public const string RepoRootName = "root";

    /// <summary>Reads the root Applications this source declares now.</summary>
    public abstract IReadOnlyList<AppDefinition> Read();

    /// <summary>An Application file.</summary>
    public sealed record File(string Path) : RootSource
    {
        public override IReadOnlyList<AppDefinition> Read()
        {
            var full = System.IO.Path.GetFullPath(Path);
            var (apps, _) = AppDefinition.Read(System.IO.File.ReadAllText(full), full);
            return apps;
        }
    }

    /// <summary>A directory of Argo CD manifests in a repository, at a revision.</summary>
    public sealed record Repository(string RepoUrl, string RepoPath, string Revision = "HEAD") : RootSource
    {
        public override IReadOnlyList<AppDefinition> Read()
        {
            var manifest = new System.Text.Json.Nodes.JsonObject
            {
                ["apiVersion"] = "argoproj.io/v1alpha1",
                ["kind"] = "Application",
                ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = RepoRootName },
                ["spec"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["project"] = "default",
                    ["source"] = new System.Text.Json.Nodes.JsonObject
                    {
                        ["repoURL"] = RepoUrl,
                        ["targetRevision"] = Revision,
                        ["path"] = RepoPath,
                        ["directory"] = new System.Text.Json.Nodes.JsonObject { ["recurse"] = true },
                    },
                    ["destination"] = new System.Text.Json.Nodes.JsonObject { ["server"] = ClusterConnector.InClusterServer },
                    ["syncPolicy"] = new System.Text.Json.Nodes.JsonObject
                    {
                        ["automated"] = new System.Text.Json.Nodes.JsonObject { ["prune"] = true, ["selfHeal"] = true },
                    },
                },
            }.ToJsonString();
            return AppDefinition.Read(manifest, $"--repo {Sources.Redaction.DisplayUrl(RepoUrl)} --path {RepoPath}").Apps;
        }
    }
}
