using Hawser.Apps;
using Hawser.Manifests;

namespace Hawser.Core.Tests.Apps;

public sealed class ApplicationReaderTests
{
    private static ApplicationReadResult Read(string yaml, string file = "apps/web.yaml") =>
        ApplicationReader.Read(ManifestReader.Read(yaml, file));

    [Fact]
    public void An_error_cites_the_line_of_the_offending_field_not_the_start_of_the_document()
    {
        var result = Read("""
            # comment lines before the object
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: web
            spec:
              project: default
              source: {repoURL: https://git.example.com/config.git, path: web}
              destination:
                server: https://kubernetes.default.svc
                namespace: Bad_NS
              revisionHistoryLimit: -3
              ignoreDifferences:
              - group: apps
                jsonPointers: [spec/replicas]
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: second}
            spec:
              project: default
              source: {repoURL: https://git.example.com/config.git, path: web}
            """);

        var lines = result.Errors.ToDictionary(e => e.Object + " " + e.Field, e => e.Location!.Line);
        Assert.Equal(11, lines["Application \"web\" spec.destination.namespace"]);
        Assert.Equal(12, lines["Application \"web\" spec.revisionHistoryLimit"]);
        Assert.Equal(15, lines["Application \"web\" spec.ignoreDifferences[0].jsonPointers"]);
        // A missing field: the line of the object it belongs in.
        Assert.Equal(14, lines["Application \"web\" spec.ignoreDifferences[0].kind"]);
        Assert.Equal(20, lines["Application \"second\" spec.destination"]);
        Assert.Contains("apps/web.yaml (document 0, line 11): Application \"web\": spec.destination.namespace", result.Errors.Select(e => e.ToString()).First(e => e.Contains("Bad_NS", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_directory_glob_is_an_error_naming_the_app_and_the_field()
    {
        var result = Read("""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: web}
            spec:
              project: default
              source:
                repoURL: https://git.example.com/config.git
                path: web
                directory: {include: "{a.yaml,b.yaml", exclude: "[abc"}
              destination: {server: https://kubernetes.default.svc, namespace: web}
            """);

        Assert.Empty(result.Applications);
        Assert.Equal(["spec.source.directory.exclude", "spec.source.directory.include"], result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(result.Errors, e => Assert.Equal("Application \"web\"", e.Object));
        Assert.All(result.Errors, e => Assert.Equal(9, e.Location!.Line));
    }

    [Fact]
    public void A_bad_glob_in_a_project_is_an_error_naming_the_project_and_the_field()
    {
        var result = Read("""
            apiVersion: argoproj.io/v1alpha1
            kind: AppProject
            metadata: {name: team}
            spec:
              sourceRepos: ['https://git.example.com/*', 'https://git.example.com/[x']
              destinations:
              - {server: '*', namespace: 'team-{a,b'}
              sourceNamespaces: ['ok-*']
            """);

        Assert.Empty(result.Projects);
        Assert.Equal(["spec.destinations[0].namespace", "spec.sourceRepos"], result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(result.Errors, e => Assert.Equal("AppProject \"team\"", e.Object));
        Assert.Contains("[1]:", result.Errors.Single(e => e.Field == "spec.sourceRepos").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_git_path_glob_in_an_application_set_is_an_error_naming_the_set_the_field_and_its_line()
    {
        var result = Read("""
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: envs}
            spec:
              generators:
              - git:
                  repoURL: https://git.example.com/config.git
                  revision: main
                  directories:
                  - path: 'envs/[prod'
              template:
                metadata: {name: '{{path.basename}}'}
                spec:
                  project: default
                  source: {repoURL: https://git.example.com/config.git, path: '{{path}}'}
                  destination: {server: https://kubernetes.default.svc, namespace: '{{path.basename}}'}
            """);

        Assert.Empty(result.ApplicationSets);
        var error = Assert.Single(result.Errors, e => e.Field == "spec.generators[0].git.directories[0].path");
        Assert.Equal("ApplicationSet \"envs\"", error.Object);
        Assert.Contains("unterminated '['", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, error.Location!.Line);
    }

    [Fact]
    public void A_full_helm_application_is_read_into_typed_records()
    {
        var result = Read("""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: web
              namespace: argocd
              labels: {team: a}
              finalizers: [resources-finalizer.argocd.argoproj.io]
            spec:
              project: default
              source:
                repoURL: https://git.example.com/config.git
                path: charts/web
                targetRevision: main
                helm:
                  releaseName: web-prod
                  valueFiles: [values.yaml, values.prod.yaml]
                  values: |
                    replicas: 3
                  valuesObject: {image: {tag: "1.2"}}
                  parameters:
                  - {name: a.b, value: "1", forceString: true}
                  - {name: c, value: x}
                  fileParameters: [{name: cfg, path: files/cfg.txt}]
                  skipCrds: true
                  ignoreMissingValueFiles: true
                  kubeVersion: "1.30.0"
                  apiVersions: [monitoring.coreos.com/v1]
              destination: {server: https://kubernetes.default.svc, namespace: web}
              syncPolicy:
                automated: {prune: true, selfHeal: true}
                syncOptions: [CreateNamespace=true, PruneLast=true]
                retry: {limit: 5, backoff: {duration: 10s, factor: 3, maxDuration: 1m30s}}
                managedNamespaceMetadata: {labels: {env: prod}}
              ignoreDifferences:
              - {group: apps, kind: Deployment, jsonPointers: [/spec/replicas]}
              revisionHistoryLimit: 3
            """);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        var app = Assert.Single(result.Applications);
        Assert.Equal("web", app.Name);
        Assert.True(app.Metadata.HasResourcesFinalizer);
        var source = Assert.Single(app.Spec.Sources);
        Assert.False(app.Spec.IsMultiSource);
        Assert.Equal("charts/web", source.Path);
        Assert.Equal("main", source.TargetRevision);
        var helm = source.Helm!;
        Assert.Equal("web-prod", helm.ReleaseName);
        Assert.Equal(["values.yaml", "values.prod.yaml"], helm.ValueFiles);
        Assert.Equal("replicas: 3\n", helm.Values);
        Assert.Equal("1.2", helm.ValuesObject!["image"]!["tag"]!.GetValue<string>());
        Assert.Equal([new HelmParameter("a.b", "1", true), new HelmParameter("c", "x", false)], helm.Parameters);
        Assert.Equal(new HelmFileParameter("cfg", "files/cfg.txt"), Assert.Single(helm.FileParameters));
        Assert.True(helm.SkipCrds);
        Assert.True(helm.IgnoreMissingValueFiles);
        Assert.Equal("1.30.0", helm.KubeVersion);
        Assert.Equal(new ApplicationDestination("https://kubernetes.default.svc", null, "web"), app.Spec.Destination);
        var policy = app.Spec.SyncPolicy!;
        Assert.Equal(new AutomatedSyncPolicy(true, true, false), policy.Automated);
        Assert.True(policy.SyncOptions.CreateNamespace);
        Assert.True(policy.SyncOptions.PruneLast);
        Assert.False(policy.SyncOptions.Replace);
        Assert.Equal(5, policy.Retry!.Limit);
        Assert.Equal(new RetryBackoff(TimeSpan.FromSeconds(10), 3, TimeSpan.FromSeconds(90)), policy.Retry.Backoff);
        Assert.Equal("prod", policy.ManagedNamespaceMetadata!.Labels["env"]);
        var ignore = Assert.Single(app.Spec.IgnoreDifferences);
        Assert.Equal(("apps", "Deployment", "/spec/replicas"), (ignore.Group, ignore.Kind, ignore.JsonPointers[0]));
        Assert.Equal(3, app.Spec.RevisionHistoryLimit);
    }

    [Fact]
    public void Every_error_is_reported_at_once_with_file_object_and_field()
    {
        var result = Read("""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: web}
            spec:
              source: {path: web}
              destination: {namespace: web}
              syncPolicy: {retry: {backoff: {duration: soon}}}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: api}
            spec:
              project: default
              source: {repoURL: https://x, path: ../../etc, helm: {}, directory: {}}
              destination: {server: https://a, name: b}
            """);

        Assert.Empty(result.Applications);
        var messages = result.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains("apps/web.yaml (document 0, line 4): Application \"web\": spec.project: is required (use \"default\" for the default project)", messages);
        Assert.Contains("apps/web.yaml (document 0, line 5): Application \"web\": spec.source.repoURL: is required", messages);
        Assert.Contains("apps/web.yaml (document 0, line 6): Application \"web\": spec.destination: one of server or name is required", messages);
        Assert.Contains(messages, m => m.Contains("spec.syncPolicy.retry.backoff.duration: \"soon\" is not a duration", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("apps/web.yaml (document 1, line 14): Application \"api\": spec.source.path: \"../../etc\" must be a relative path", StringComparison.Ordinal));
        Assert.Contains("apps/web.yaml (document 1, line 14): Application \"api\": spec.source: multiple source types (helm, kustomize, directory, plugin) are set; choose one", messages);
        Assert.Contains("apps/web.yaml (document 1, line 15): Application \"api\": spec.destination: server and name cannot both be set", messages);
        Assert.Equal(7, messages.Count);
        var e = Assert.Throws<ApplicationValidationException>(() => result.ThrowIfErrors());
        Assert.StartsWith("7 errors in Argo CD objects:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_hawser_does_not_act_on_are_warned_by_name()
    {
        var result = Read("""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: web}
            spec:
              project: default
              sources:
              - repoURL: https://x
                path: a
                plugin: {name: cmp}
                extra: 1
              - repoURL: https://x
                path: b
                directory: {recurse: true, jsonnet: {tlas: [{name: a, value: b}]}}
              - repoURL: https://x
                path: c
                kustomize: {version: v4.5.7, commonAnnotationsEnvsubst: true}
              - repoURL: https://x
                chart: redis
                targetRevision: 1.x
                helm: {passCredentials: true, version: v2}
              destination: {name: in-cluster}
              syncPolicy: {syncOptions: [Frobnicate=true]}
              sourceHydrator: {drySource: {repoURL: https://x}}
            """);

        Assert.Empty(result.Errors);
        Assert.Single(result.Applications);
        var fields = result.Warnings.Select(w => w.Field).ToList();
        Assert.Equal(
            [
                "spec.sources[0].extra", "spec.sources[2].kustomize.version",
                "spec.sources[2].kustomize.commonAnnotationsEnvsubst", "spec.sources[3].helm.version", "spec.sources[3].helm.passCredentials",
                "spec.syncPolicy.syncOptions", "spec.sourceHydrator",
            ],
            fields);
        Assert.Contains(result.Warnings, w => w.ToString() == "apps/web.yaml (document 0, line 10): Application \"web\": spec.sources[0].extra: unknown field, ignored");
    }

    [Fact]
    public void Multi_source_applications_keep_ref_sources_and_reject_duplicate_refs()
    {
        var ok = Read("""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: web}
            spec:
              project: default
              sources:
              - {repoURL: https://charts.example.com, chart: web, targetRevision: 1.2.3, helm: {valueFiles: [$values/web/values.yaml]}}
              - {repoURL: https://git.example.com/values.git, ref: values}
              destination: {server: https://kubernetes.default.svc}
            """);
        var app = Assert.Single(ok.Applications);
        Assert.True(app.Spec.IsMultiSource);
        Assert.True(app.Spec.Sources[0].IsChart);
        Assert.True(app.Spec.Sources[1].IsRefOnly);
        Assert.Equal("HEAD", app.Spec.Sources[1].TargetRevision);

        var bad = Read("""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: web}
            spec:
              project: default
              sources:
              - {repoURL: https://a, ref: v}
              - {repoURL: https://b, ref: v}
              destination: {server: https://kubernetes.default.svc}
            """);
        Assert.Equal(
            ["spec.sources: every source is a ref-only source; at least one must have a path or a chart", "spec.sources: ref \"v\" is declared twice"],
            bad.Errors.Select(e => $"{e.Field}: {e.Message}"));
    }

    [Fact]
    public void Kustomize_fields_and_build_options_from_the_annotation_are_parsed()
    {
        var result = Read("""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: shop
              annotations: {hawser.io/kustomize-build-options: "--enable-helm --load-restrictor LoadRestrictionsNone"}
            spec:
              project: default
              source:
                repoURL: https://x
                path: shop/overlays/prod
                kustomize:
                  images: [nginx=nginx:1.27]
                  namePrefix: prod-
                  commonLabels: {env: prod}
                  replicas: [{name: web, count: 3}]
                  patches: [{target: {kind: Deployment, name: web}, patch: "- op: add\n  path: /metadata/labels/x\n  value: y"}]
              destination: {server: https://kubernetes.default.svc, namespace: shop}
            """);
        Assert.Empty(result.Errors);
        var source = Assert.Single(Assert.Single(result.Applications).Spec.Sources);
        Assert.Equal(["--enable-helm", "--load-restrictor", "LoadRestrictionsNone"], source.KustomizeBuildOptions);
        var k = source.Kustomize!;
        Assert.Equal(["nginx=nginx:1.27"], k.Images);
        Assert.Equal("prod-", k.NamePrefix);
        Assert.Equal(new KustomizeReplica("web", 3), Assert.Single(k.Replicas));
        Assert.Equal("Deployment", Assert.Single(k.Patches).Target!.Kind);
        Assert.True(k.HasEdits);
    }

    [Theory]
    [InlineData("--output /tmp/x", "'--output' is not allowed")]
    [InlineData("--helm-command /bin/sh", "'--helm-command' is not allowed")]
    [InlineData("--enable-exec", "'--enable-exec' is not allowed")]
    [InlineData("--load-restrictor", "needs a value")]
    [InlineData("--load-restrictor=Anything", "must be LoadRestrictionsNone or LoadRestrictionsRootOnly")]
    public void Dangerous_or_malformed_kustomize_build_options_are_rejected(string options, string expected)
    {
        var e = Assert.Throws<FormatException>(() => KustomizeBuildOptions.Parse(options));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void App_projects_and_application_sets_are_read()
    {
        var result = Read("""
            apiVersion: argoproj.io/v1alpha1
            kind: AppProject
            metadata: {name: team}
            spec:
              sourceRepos: ["*"]
              destinations: [{server: https://kubernetes.default.svc, namespace: "team-*"}]
              clusterResourceWhitelist: [{group: "", kind: Namespace}]
              namespaceResourceBlacklist: [{group: "", kind: ResourceQuota}]
              roles: [{name: dev, policies: ["p, proj:team:dev, applications, sync, team/*, allow"], groups: [devs]}]
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: many}
            spec: {generators: [{list: {elements: [{a: b}]}}], template: {}}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: other}
            """);
        Assert.Empty(result.Errors);
        var project = Assert.Single(result.Projects);
        Assert.Equal(["*"], project.SourceRepos);
        Assert.Equal("team-*", project.Destinations[0].Namespace);
        Assert.Equal(new GroupKindPattern("", "Namespace"), project.ClusterResourceWhitelist[0]);
        Assert.Equal("dev", project.Roles[0].Name);
        var set = Assert.Single(result.ApplicationSets);
        Assert.Equal("many", set.Name);
        Assert.IsType<Hawser.AppSets.ListGenerator>(Assert.Single(set.Spec.Generators));
    }

    [Theory]
    [InlineData("5s", 5_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("250ms", 250)]
    [InlineData("7", 7_000)]
    public void Go_durations_parse_as_argo_cd_reads_them(string text, int milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Fact]
    public void Sync_options_later_entries_win_and_typed_flags_read_them()
    {
        var options = SyncOptions.ParseAnnotation("Prune=false,PruneLast=true,Prune=true,Validate=false");
        Assert.False(options.PruneDisabled);
        Assert.True(options.PruneLast);
        Assert.True(options.SkipValidation);
        Assert.Equal("foreground", options.PrunePropagationPolicy);
    }
}
