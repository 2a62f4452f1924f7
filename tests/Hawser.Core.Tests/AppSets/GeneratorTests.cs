using Hawser.AppSets;

namespace Hawser.Core.Tests.AppSets;

public sealed class GeneratorTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static string Set(string generators, string template, string extra = "") => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata:
          name: demo
          namespace: argocd
        spec:
        {extra}
          generators:
        {generators}
          template:
        {template}
        """;

    private static string Template(string name, string repo, string path, string ns, string server = "https://kubernetes.default.svc") => $"""
            metadata:
              name: '{name}'
            spec:
              project: default
              source:
                repoURL: {repo}
                path: '{path}'
                targetRevision: main
              destination:
                server: '{server}'
                namespace: '{ns}'
        """;

    [Fact]
    public async Task A_list_generator_makes_one_app_per_element_and_per_elementsYaml_entry()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        var generation = await f.GenerateAsync(Set("""
              - list:
                  elements:
                    - cluster: engineering-dev
                      url: https://kubernetes.default.svc
                      values: {tier: gold}
                    - cluster: engineering-prod
                      url: https://1.2.3.4
                  elementsYaml: |
                    - cluster: from-yaml
                      url: https://5.6.7.8
            """, Template("{{cluster}}-guestbook", "https://example.com/repo.git", "guestbook/{{ values.tier }}", "{{cluster}}", "{{url}}")));

        Assert.True(generation.IsComplete, string.Join("\n", generation.Conditions));
        Assert.Equal(["engineering-dev-guestbook", "engineering-prod-guestbook", "from-yaml-guestbook"], generation.Applications.Select(a => a.Name));
        var dev = generation.Applications[0].Definition.Application;
        Assert.Equal("guestbook/gold", dev.Spec.Sources[0].Path);
        Assert.Equal("argocd", dev.Metadata.Namespace);
        // An unknown parameter is left exactly as written, as Argo CD's fasttemplate does.
        Assert.Equal("guestbook/{{ values.tier }}", generation.Applications[1].Definition.Application.Spec.Sources[0].Path);
        Assert.Equal("https://5.6.7.8", generation.Applications[2].Definition.Application.Spec.Destination.Server);
    }

    [Fact]
    public async Task Git_directories_honour_exclude_entries_double_star_globs_and_skip_hidden_folders()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        await f.Repo
            .Write("apps/web/kustomization.yaml", "resources: []\n")
            .Write("apps/db/kustomization.yaml", "resources: []\n")
            .Write("apps/legacy/kustomization.yaml", "resources: []\n")
            .Write("apps/.hidden/x.yaml", "a: b\n")
            .Write("platform/team-a/monitoring/cm.yaml", "a: b\n")
            .Write("platform/team-b/logging/cm.yaml", "a: b\n")
            .CommitAsync("layout", Ct);

        var generation = await f.GenerateAsync(Set($"""
              - git:
                  repoURL: {f.Repo.Path}
                  revision: main
                  directories:
                    - path: apps/*
                    - path: apps/legacy
                      exclude: true
                    - path: platform/**/monitoring
            """, Template("{{path.basename}}", f.Repo.Path, "{{path}}", "{{path[0]}}-{{path.basenameNormalized}}")));

        Assert.True(generation.IsComplete, string.Join("\n", generation.Conditions));
        Assert.Equal(["db", "web", "monitoring"], generation.Applications.Select(a => a.Name));
        var monitoring = generation.Applications[2].Definition.Application;
        Assert.Equal("platform/team-a/monitoring", monitoring.Spec.Sources[0].Path);
        Assert.Equal("platform-monitoring", monitoring.Spec.Destination.Namespace);
        Assert.Single(generation.Revisions);
        Assert.EndsWith("@" + await f.Repo.HeadAsync(Ct), generation.Revisions[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Git_files_over_env_values_flatten_keys_and_give_path_parameters()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        await f.Repo
            .Write("env/dev/values.yaml", "cluster:\n  name: dev-cluster\n  address: https://dev.example\nreplicas: 1000000\nregion: eu\n")
            .Write("env/test/values.yaml", "cluster:\n  name: test-cluster\n  address: https://test.example\nreplicas: 2\nregion: eu\n")
            .Write("env/prod/values.json", """{"cluster": {"name": "prod", "address": "https://prod.example"}}""")
            .Write("env/multi/values.yaml", "- cluster: {name: a, address: https://a}\n- cluster: {name: b, address: https://b}\n")
            .CommitAsync("envs", Ct);

        var generation = await f.GenerateAsync(Set($"""
              - git:
                  repoURL: {f.Repo.Path}
                  revision: main
                  files:
                    - path: env/*/values.yaml
                    - path: env/multi/*
                      exclude: true
            """, Template("{{cluster.name}}-{{path.basename}}", f.Repo.Path, "apps/{{replicas}}/{{path.filename}}", "{{path[1]}}", "{{cluster.address}}")));

        Assert.True(generation.IsComplete, string.Join("\n", generation.Conditions));
        Assert.Equal(["dev-cluster-dev", "test-cluster-test"], generation.Applications.Select(a => a.Name));
        var dev = generation.Applications[0].Definition.Application;
        // Numbers print as Go's %v prints the float64 they decode to.
        Assert.Equal("apps/1e+06/values.yaml", dev.Spec.Sources[0].Path);
        Assert.Equal("dev", dev.Spec.Destination.Namespace);
        Assert.Equal("https://dev.example", dev.Spec.Destination.Server);
    }

    [Fact]
    public async Task A_git_file_holding_a_list_makes_one_app_per_element_and_pathParamPrefix_renames_the_path_parameters()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        await f.Repo.Write("env/multi/apps.yaml", "- name: a\n- name: b\n").CommitAsync("list", Ct);

        var generation = await f.GenerateAsync(Set($"""
              - git:
                  repoURL: {f.Repo.Path}
                  files:
                    - path: "**/apps.yaml"
                  pathParamPrefix: cfg
                  values:
                    folder: {"'{{cfg.path.basename}}'"}
            """, Template("{{name}}-{{values.folder}}", f.Repo.Path, "{{cfg.path}}/{{path}}", "{{cfg.path.basename}}")));

        Assert.True(generation.IsComplete, string.Join("\n", generation.Conditions));
        Assert.Equal(["a-multi", "b-multi"], generation.Applications.Select(a => a.Name));
        // Without the prefix there is no "path" parameter: the tag stays as written.
        Assert.Equal("env/multi/{{path}}", generation.Applications[0].Definition.Application.Spec.Sources[0].Path);
        Assert.Equal("multi", generation.Applications[0].Definition.Application.Spec.Destination.Namespace);
    }

    [Fact]
    public async Task Clusters_are_selected_by_label_with_templated_values_and_in_cluster_only_without_a_selector()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        IReadOnlyList<AppSetCluster> clusters =
        [
            AppSetFixture.Cluster("Prod_East", "https://prod-east.example", "env=prod,region=east", "team=core"),
            AppSetFixture.Cluster("staging", "https://staging.example", "env=staging"),
        ];
        var all = await f.GenerateAsync(Set("""
              - clusters: {}
            """, Template("guestbook-{{nameNormalized}}", "https://example.com/r.git", "guestbook", "default", "{{server}}")), clusters);
        Assert.Equal(["guestbook-in-cluster", "guestbook-prod-east", "guestbook-staging"], all.Applications.Select(a => a.Name));

        var selected = await f.GenerateAsync(Set("""
              - clusters:
                  selector:
                    matchExpressions:
                      - {key: env, operator: In, values: [prod, staging]}
                    matchLabels:
                      region: east
                  values:
                    revision: 'release-{{metadata.labels.env}}'
            """, """
                metadata:
                  name: 'guestbook-{{nameNormalized}}'
                  annotations:
                    team: '{{metadata.annotations.team}}'
                spec:
                  project: default
                  source: {repoURL: 'https://example.com/r.git', path: guestbook, targetRevision: '{{values.revision}}'}
                  destination: {server: '{{server}}', namespace: '{{nameNormalized}}'}
            """), clusters);

        var app = Assert.Single(selected.Applications).Definition.Application;
        Assert.Equal("guestbook-prod-east", app.Name);
        Assert.Equal("release-prod", app.Spec.Sources[0].TargetRevision);
        Assert.Equal("https://prod-east.example", app.Spec.Destination.Server);
        Assert.Equal("core", app.Metadata.Annotations["team"]);
    }

    [Fact]
    public async Task A_matrix_of_git_directories_and_clusters_combines_every_pair_and_the_second_child_sees_the_first_childs_parameters()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        await f.Repo.Write("apps/web/cm.yaml", "a: b\n").Write("apps/api/cm.yaml", "a: b\n").CommitAsync("apps", Ct);
        IReadOnlyList<AppSetCluster> clusters =
        [
            AppSetFixture.Cluster("east", "https://east.example", "app-web=yes,app-api=yes"),
            AppSetFixture.Cluster("west", "https://west.example", "app-web=yes"),
        ];

        var generation = await f.GenerateAsync(Set($"""
              - matrix:
                  generators:
                    - git:
                        repoURL: {f.Repo.Path}
                        directories:
                          - path: apps/*
                    - clusters:
                        selector:
                          matchLabels:
                            {"'app-{{path.basename}}'"}: 'yes'
            """, Template("{{path.basename}}-{{name}}", f.Repo.Path, "{{path}}", "{{path.basename}}", "{{server}}")), clusters);

        Assert.True(generation.IsComplete, string.Join("\n", generation.Conditions));
        Assert.Equal(["api-east", "web-east", "web-west"], generation.Applications.Select(a => a.Name));
        Assert.Contains("×", generation.Applications[0].Origin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_merge_generator_overrides_the_base_sets_with_equal_merge_keys_and_drops_unmatched_ones()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        IReadOnlyList<AppSetCluster> clusters = [AppSetFixture.Cluster("east", "https://east.example", "env=prod")];

        var generation = await f.GenerateAsync(Set("""
              - merge:
                  mergeKeys: [server]
                  generators:
                    - clusters:
                        values: {kafka: 'true', redis: 'false'}
                    - list:
                        elements:
                          - {server: 'https://east.example', values.redis: 'true'}
                          - {server: 'https://nowhere.example', values.redis: 'true'}
            """, Template("{{name}}-k{{values.kafka}}-r{{values.redis}}", "https://example.com/r.git", "x", "default", "{{server}}")), clusters);

        Assert.True(generation.IsComplete, string.Join("\n", generation.Conditions));
        Assert.Equal(["in-cluster-ktrue-rfalse", "east-ktrue-rtrue"], generation.Applications.Select(a => a.Name));
    }

    [Fact]
    public async Task A_post_selector_filters_parameters_and_a_generator_template_overrides_the_set_template()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        var generation = await f.GenerateAsync(Set("""
              - list:
                  elements:
                    - {env: staging}
                    - {env: prod}
                  template:
                    metadata: {}
                    spec:
                      project: special
                selector:
                  matchLabels: {env: staging}
            """, Template("app-{{env}}", "https://example.com/r.git", "x", "default")));

        var app = Assert.Single(generation.Applications).Definition.Application;
        Assert.Equal("app-staging", app.Name);
        Assert.Equal("special", app.Spec.Project);
    }

    [Fact]
    public async Task A_templatePatch_is_merged_into_each_generated_application()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        var generation = await f.GenerateAsync(Set("""
              - list:
                  elements:
                    - {env: dev, auto: 'true'}
            """, Template("app-{{env}}", "https://example.com/r.git", "x", "default"), """
          templatePatch: |
            metadata:
              labels:
                env: '{{env}}'
            spec:
              syncPolicy:
                automated:
                  prune: {{auto}}
        """));

        Assert.True(generation.IsComplete, string.Join("\n", generation.Conditions));
        var app = Assert.Single(generation.Applications).Definition.Application;
        Assert.Equal("dev", app.Metadata.Labels["env"]);
        Assert.True(app.Spec.SyncPolicy!.Automated!.Prune);
        Assert.Equal("https://example.com/r.git", app.Spec.Sources[0].RepoUrl);
    }

    [Fact]
    public async Task Unsupported_generators_are_conditions_naming_them_and_the_others_still_generate()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        var generation = await f.GenerateAsync(Set("""
              - list:
                  elements: [{env: dev}]
              - pullRequest:
                  github: {owner: o, repo: r}
              - matrix:
                  generators:
                    - scmProvider: {github: {organization: o}}
                    - list: {elements: [{a: b}]}
            """, Template("app-{{env}}", "https://example.com/r.git", "x", "default")));

        Assert.False(generation.IsComplete);
        Assert.Equal(["app-dev"], generation.Applications.Select(a => a.Name));
        Assert.Contains(generation.Conditions, c => c.Reason == "UnsupportedGenerator" && c.Message.Contains("spec.generators[1]: the pullRequest generator", StringComparison.Ordinal));
        Assert.Contains(generation.Conditions, c => c.Reason == "UnsupportedGenerator" && c.Message.Contains("spec.generators[2].matrix.generators[0]: the scmProvider generator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_elements_generating_one_name_are_a_collision_naming_both_and_an_invalid_app_names_its_element_and_field()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        var generation = await f.GenerateAsync(Set("""
              - list:
                  elements:
                    - {env: dev, ns: a}
                    - {env: dev, ns: b}
                    - {env: bad, ns: ''}
            """, """
                metadata:
                  name: 'app-{{env}}'
                spec:
                  project: '{{ns}}'
                  source: {repoURL: 'https://example.com/r.git', path: x}
                  destination: {server: 'https://kubernetes.default.svc', namespace: x}
            """));

        Assert.False(generation.IsComplete);
        var collision = Assert.Single(generation.Conditions, c => c.Reason == "ApplicationNameCollision");
        Assert.Contains("spec.generators[0] (list element 0)", collision.Message, StringComparison.Ordinal);
        Assert.Contains("spec.generators[0] (list element 1)", collision.Message, StringComparison.Ordinal);
        var invalid = Assert.Single(generation.Conditions, c => c.Reason == "ApplicationValidationError");
        Assert.Contains("list element 2", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("spec.project", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_repository_is_a_condition_naming_the_generator_not_an_exception()
    {
        using var f = await AppSetFixture.CreateAsync(Ct);
        var generation = await f.GenerateAsync(Set("""
              - git:
                  repoURL: /nonexistent/repo.git
                  directories: [{path: '*'}]
            """, Template("{{path.basename}}", "https://example.com/r.git", "x", "default")));

        var condition = Assert.Single(generation.Conditions);
        Assert.Equal("ApplicationGenerationFromParamsError", condition.Reason);
        Assert.Contains("spec.generators[0]", condition.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/repo.git", condition.Message, StringComparison.Ordinal);
    }
}
