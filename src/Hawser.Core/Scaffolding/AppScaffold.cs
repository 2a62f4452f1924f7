using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Scaffolding;

/// <summary>How a new app renders.</summary>
public enum AppKind
{
    Helm,
    Kustomize,
    Directory,
}

/// <summary>What <c>hawser generate app</c> was asked for.</summary>
/// <param name="Name">The app's name (an RFC 1123 label: it is also a folder and the default namespace).</param>
/// <param name="Kind">Helm, Kustomize or a plain directory.</param>
/// <param name="Chart">For Helm, a chart to wrap: <c>REPO/CHART</c> (<c>https://charts.example.com/web</c>, <c>oci://ghcr.io/acme/charts/web</c>); null for a chart of its own.</param>
/// <param name="Version">The wrapped chart's version (required with <paramref name="Chart"/>: sources are pinned).</param>
/// <param name="Namespace">The destination namespace (default: the name).</param>
/// <param name="Project">The AppProject (default: the one the repo's Applications use, else <c>default</c>).</param>
/// <param name="Folder">The app's folder (default: where the repo's ApplicationSet takes apps from, else <c>charts/NAME</c> for Helm when <c>charts/</c> exists, else <c>NAME</c>).</param>
/// <param name="RepoUrl">The repoURL to write (default: the one the repo's Applications use).</param>
public sealed record AppRequest(string Name, AppKind Kind, string? Chart, string? Version, string? Namespace, string? Project, string? Folder, string? RepoUrl);

/// <summary>The files of a new app, where they go, and the ApplicationSet that will generate it (when one does).</summary>
public sealed record AppScaffoldPlan(string Folder, IReadOnlyList<ScaffoldFile> Files, DirectoryGenerator? Generator);

/// <summary>
/// Plans a new app following a repo's <see cref="RepoConventions"/>: the app's folder (Helm: a chart of its own, or a wrapper
/// chart pinning <c>REPO/CHART</c> at a version, with <c>values.yaml</c> and <c>values.prod.yaml</c>; Kustomize: a
/// <c>kustomization.yaml</c> listing its resources; directory: plain manifests), and, unless an ApplicationSet git directories
/// generator already takes that folder, an Application beside the repo's others that copies their repoURL, targetRevision,
/// project, destination server and syncPolicy. Every name is checked (RFC 1123) before anything is planned.
/// </summary>
public static class AppScaffold
{
    private const string Image = "nginx:1.27";

    /// <exception cref="ScaffoldException">A name, path or option is invalid, or the app is declared elsewhere already.</exception>
    public static AppScaffoldPlan Plan(RepoConventions conventions, AppRequest request)
    {
        Check("app name", request.Name, KubernetesNames.LabelError);
        var ns = request.Namespace ?? request.Name;
        Check("--namespace", ns, KubernetesNames.LabelError);
        if (request.Project is { } p) Check("--project", p, KubernetesNames.SubdomainError);
        if (request.Chart is not null && request.Kind != AppKind.Helm) throw new ScaffoldException("--chart: only a Helm app wraps a chart (--type helm)");
        if (request.Chart is not null && string.IsNullOrWhiteSpace(request.Version)) throw new ScaffoldException("--chart needs --version: a wrapped chart is pinned to one version");
        if (request.Chart is null && request.Version is not null) throw new ScaffoldException("--version: give the chart it is the version of (--chart REPO/CHART)");

        var folder = request.Folder is { } given ? CheckFolder(given)
            : conventions.DirectoryGenerators.Select(g => g.FolderFor(request.Name)).FirstOrDefault(f => f is not null)
              ?? (request.Kind == AppKind.Helm && Directory.Exists(Path.Combine(conventions.Root, "charts")) ? $"charts/{request.Name}" : request.Name);
        var generator = conventions.GeneratorFor(folder);
        var files = request.Kind switch
        {
            AppKind.Helm when request.Chart is not null => WrapperChart(request.Name, request.Chart, request.Version!),
            AppKind.Helm => OwnChart(request.Name),
            AppKind.Kustomize => Kustomization(request.Name),
            _ => [Manifest("deployment.yaml", Deployment(request.Name)), Manifest("service.yaml", Service(request.Name))],
        };
        var result = files.Select(f => f with { Path = $"{folder}/{f.Path}" }).ToList();
        if (generator is null)
        {
            var file = $"{conventions.ApplicationsDirectory.TrimEnd('/')}/{request.Name}.yaml".TrimStart('.', '/');
            if (conventions.ExistingApps.TryGetValue(request.Name, out var declared) && declared != file)
                throw new ScaffoldException($"Application \"{request.Name}\" is already declared in {declared}");
            result.Add(new ScaffoldFile(file, ManifestWriter.ToYaml(Application(conventions, request, ns, folder))));
        }
        return new AppScaffoldPlan(folder, result, generator);
    }

    private static JsonObject Application(RepoConventions conventions, AppRequest request, string ns, string folder)
    {
        var template = conventions.Template;
        var repoUrl = request.RepoUrl ?? conventions.RepoUrl
            ?? throw new ScaffoldException("no Application in the repository to take the repoURL from: give --repo-url");
        var metadata = new JsonObject { ["name"] = request.Name };
        if (template?["metadata"]?["namespace"] is not null) metadata["namespace"] = conventions.ArgoNamespace;
        var source = new JsonObject
        {
            ["repoURL"] = repoUrl,
            ["targetRevision"] = template?["spec"]?["source"]?["targetRevision"]?.DeepClone() ?? "HEAD",
            ["path"] = folder,
        };
        if (request.Kind == AppKind.Helm) source["helm"] = new JsonObject { ["valueFiles"] = new JsonArray("values.yaml", "values.prod.yaml") };
        var destination = new JsonObject();
        if (template?["spec"]?["destination"]?["name"] is { } clusterName) destination["name"] = clusterName.DeepClone();
        else destination["server"] = template?["spec"]?["destination"]?["server"]?.DeepClone() ?? "https://kubernetes.default.svc";
        destination["namespace"] = ns;
        var spec = new JsonObject
        {
            ["project"] = request.Project ?? template?["spec"]?["project"]?.DeepClone() ?? "default",
            ["source"] = source,
            ["destination"] = destination,
            ["syncPolicy"] = template?["spec"]?["syncPolicy"]?.DeepClone() ?? new JsonObject { ["syncOptions"] = new JsonArray("CreateNamespace=true") },
        };
        return new JsonObject { ["apiVersion"] = "argoproj.io/v1alpha1", ["kind"] = "Application", ["metadata"] = metadata, ["spec"] = spec };
    }

    private static List<ScaffoldFile> OwnChart(string name) =>
    [
        Manifest("Chart.yaml", new JsonObject { ["apiVersion"] = "v2", ["name"] = name, ["description"] = $"The {name} app", ["type"] = "application", ["version"] = "0.1.0", ["appVersion"] = "1.0.0" }),
        new("values.yaml", $"replicaCount: 1\nimage:\n  repository: nginx\n  tag: \"1.27\"\nservice:\n  port: 80\n"),
        new("values.prod.yaml", "replicaCount: 2\n"),
        new("templates/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ .Release.Name }}
              labels:
                app.kubernetes.io/name: {{ .Release.Name }}
            spec:
              replicas: {{ .Values.replicaCount }}
              selector:
                matchLabels:
                  app.kubernetes.io/name: {{ .Release.Name }}
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: {{ .Release.Name }}
                spec:
                  containers:
                    - name: {{ .Chart.Name }}
                      image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                      ports:
                        - containerPort: 80

            """),
        new("templates/service.yaml", """
            apiVersion: v1
            kind: Service
            metadata:
              name: {{ .Release.Name }}
              labels:
                app.kubernetes.io/name: {{ .Release.Name }}
            spec:
              selector:
                app.kubernetes.io/name: {{ .Release.Name }}
              ports:
                - port: {{ .Values.service.port }}
                  targetPort: 80

            """),
    ];

    private static List<ScaffoldFile> WrapperChart(string name, string chart, string version)
    {
        var slash = chart.TrimEnd('/').LastIndexOf('/');
        if (slash <= 0 || !chart.Contains("://", StringComparison.Ordinal))
            throw new ScaffoldException($"--chart {chart}: expected REPO/CHART, e.g. https://charts.example.com/web or oci://ghcr.io/acme/charts/web");
        var repository = chart[..slash];
        var chartName = chart.TrimEnd('/')[(slash + 1)..];
        var dependency = new JsonObject { ["name"] = chartName, ["version"] = version, ["repository"] = repository };
        return
        [
            Manifest("Chart.yaml", new JsonObject
            {
                ["apiVersion"] = "v2", ["name"] = name, ["description"] = $"The {name} app: {chartName} {version} from {repository}",
                ["type"] = "application", ["version"] = "0.1.0", ["dependencies"] = new JsonArray(dependency),
            }),
            new("values.yaml", $"# Values of the {chartName} chart go under its name.\n{chartName}: {{}}\n"),
            new("values.prod.yaml", $"# Production values, applied after values.yaml.\n{chartName}: {{}}\n"),
        ];
    }

    private static List<ScaffoldFile> Kustomization(string name) =>
    [
        Manifest("kustomization.yaml", new JsonObject
        {
            ["apiVersion"] = "kustomize.config.k8s.io/v1beta1",
            ["kind"] = "Kustomization",
            ["resources"] = new JsonArray("deployment.yaml", "service.yaml"),
        }),
        Manifest("deployment.yaml", Deployment(name)),
        Manifest("service.yaml", Service(name)),
    ];

    private static JsonObject Deployment(string name) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = Labels(name) },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = Labels(name) },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = Labels(name) },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = name,
                        ["image"] = Image,
                        ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 80 }),
                    }),
                },
            },
        },
    };

    private static JsonObject Service(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = Labels(name) },
        ["spec"] = new JsonObject
        {
            ["selector"] = Labels(name),
            ["ports"] = new JsonArray(new JsonObject { ["port"] = 80, ["targetPort"] = 80 }),
        },
    };

    private static JsonObject Labels(string name) => new() { ["app.kubernetes.io/name"] = name };

    private static ScaffoldFile Manifest(string path, JsonObject body) => new(path, ManifestWriter.ToYaml(body));

    internal static void Check(string what, string value, Func<string, string?> rule)
    {
        if (rule(value) is { } error) throw new ScaffoldException($"{what} \"{value}\": {error}");
    }

    private static string CheckFolder(string folder)
    {
        var clean = folder.Replace('\\', '/').Trim('/');
        if (clean.Length == 0 || Path.IsPathRooted(folder) || clean.Split('/').Any(s => s is "" or "." or ".."))
            throw new ScaffoldException($"--path \"{folder}\": give a folder inside the repository, without '..'");
        return clean;
    }
}
