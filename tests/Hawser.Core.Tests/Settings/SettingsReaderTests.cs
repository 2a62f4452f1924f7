using Hawser.Compare;
using Hawser.Manifests;
using Hawser.Settings;
using Hawser.Testing;

namespace Hawser.Core.Tests.Settings;

public sealed class SettingsReaderTests
{
    [Fact]
    public async Task An_empty_directory_gives_Argo_CD_defaults()
    {
        using var dir = new TempDirectory();

        var settings = await SettingsFiles.LoadAsync(dir);

        Assert.Equal(TimeSpan.FromSeconds(180), settings.Config.Reconciliation.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.Config.Reconciliation.Jitter);
        Assert.Equal(TimeSpan.Zero, settings.Config.Reconciliation.HardTimeout);
        Assert.Empty(settings.Config.Kustomize.BuildOptions);
        Assert.True(settings.Config.Access.AdminEnabled);
        Assert.Equal("app.kubernetes.io/instance", settings.Config.Tracking.InstanceLabelKey);
        Assert.Equal(20, settings.Parameters.StatusProcessors);
        Assert.Empty(settings.Clusters.Clusters);
        Assert.Empty(settings.Warnings);
    }

    [Fact]
    public async Task Argo_cd_cm_keys_become_typed_settings()
    {
        using var dir = new TempDirectory();
        dir.Write("argocd-cm.yaml", SettingsFiles.ArgoCdCm("""
            timeout.reconciliation: 90s
            timeout.reconciliation.jitter: 10s
            timeout.hard.reconciliation: 1h
            kustomize.buildOptions: --enable-helm --load-restrictor LoadRestrictionsNone
            resource.customizations.health.example.com_Widget: |
              hs = {}
              hs.status = "Healthy"
              return hs
            resource.customizations.ignoreDifferences.apps_Deployment: |
              jsonPointers:
              - /spec/replicas
            resource.customizations.ignoreDifferences.all: |
              managedFieldsManagers:
              - kube-controller-manager
            resource.customizations.ignoreResourceUpdates.all: |
              jsonPointers:
              - /status
            resource.exclusions: |
              - apiGroups: ["tekton.dev"]
                kinds: ["TaskRun", "PipelineRun"]
                clusters: ["*"]
            resource.compareoptions: |
              ignoreAggregatedRoles: true
            application.instanceLabelKey: argocd.argoproj.io/instance
            application.resourceTrackingMethod: annotation+label
            admin.enabled: "false"
            users.anonymous.enabled: "true"
            statusbadge.enabled: "true"
            url: https://hawser.example.com
            accounts.alice: apiKey, login
            accounts.alice.enabled: "false"
            helm.valuesFileSchemes: https
            """));

        var settings = await SettingsFiles.LoadAsync(dir);
        var config = settings.Config;

        Assert.Equal(new ReconciliationSettings(TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(10), TimeSpan.FromHours(1)), config.Reconciliation);
        Assert.Equal(["--enable-helm", "--load-restrictor", "LoadRestrictionsNone"], config.Kustomize.BuildOptions);
        Assert.NotNull(config.HealthChecks.Find(new GroupKind("example.com", "Widget")));
        var deployment = Assert.Single(config.IgnoreDifferencesFor("apps", "Deployment"), r => r.Kind == "Deployment");
        Assert.Equal(["/spec/replicas"], deployment.JsonPointers);
        Assert.Contains(config.IgnoreDifferencesFor("", "ConfigMap"), r => r.ManagedFieldsManagers!.Contains("kube-controller-manager"));
        Assert.Single(config.IgnoreResourceUpdates);
        Assert.True(config.Resources.IsExcluded("tekton.dev", "TaskRun", "https://kubernetes.default.svc"));
        Assert.False(config.Resources.IsExcluded("tekton.dev", "Task", "https://kubernetes.default.svc"));
        Assert.True(config.Resources.IsExcluded("events.k8s.io", "Event", "https://any"));
        Assert.True(config.Compare.IgnoreAggregatedRoles);
        Assert.Equal(new TrackingSettings("argocd.argoproj.io/instance", "annotation+label"), config.Tracking);
        Assert.False(config.Access.AdminEnabled);
        Assert.True(config.Access.AnonymousEnabled);
        Assert.True(config.Access.StatusBadgeEnabled);
        Assert.Equal("https://hawser.example.com", config.Access.Url);
        Assert.Equal("apiKey, login", config.Access.Accounts["accounts.alice"]);
        Assert.Equal("false", config.Access.Accounts["accounts.alice.enabled"]);
        Assert.Equal(["https"], config.HelmValuesFileSchemes);
        Assert.Equal("resource.compareoptions.ignoreAggregatedRoles", Assert.Single(settings.Warnings).Key);
    }

    [Fact]
    public async Task Inclusions_exclude_every_kind_they_do_not_list()
    {
        using var dir = new TempDirectory();
        dir.Write("cm.yaml", SettingsFiles.ArgoCdCm("""
            resource.inclusions: |
              - apiGroups: ["", "apps"]
                kinds: ["*"]
                clusters: ["https://prod.*"]
            """));

        var filter = (await SettingsFiles.LoadAsync(dir)).Config.Resources;

        Assert.False(filter.IsExcluded("apps", "Deployment", "https://prod.example:6443"));
        Assert.True(filter.IsExcluded("apps", "Deployment", "https://dev.example:6443"));
        Assert.True(filter.IsExcluded("batch", "Job", "https://prod.example:6443"));
    }

    [Fact]
    public async Task The_older_single_customizations_key_gives_health_and_ignore_rules()
    {
        using var dir = new TempDirectory();
        dir.Write("cm.yaml", SettingsFiles.ArgoCdCm("""
            resource.customizations: |
              admissionregistration.k8s.io/MutatingWebhookConfiguration:
                ignoreDifferences: |
                  jsonPointers:
                  - /webhooks/0/clientConfig/caBundle
              example.com/Widget:
                health.lua: |
                  return {status = "Healthy"}
                actions: |
                  discovery.lua: return {}
            """));

        var settings = await SettingsFiles.LoadAsync(dir);

        var rule = Assert.Single(settings.Config.IgnoreDifferences);
        Assert.Equal(("admissionregistration.k8s.io", "MutatingWebhookConfiguration"), (rule.Group, rule.Kind));
        Assert.NotNull(settings.Config.HealthChecks.Find(new GroupKind("example.com", "Widget")));
        var warning = Assert.Single(settings.Warnings);
        Assert.Contains("actions", warning.Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_and_unsupported_keys_are_warned_by_name_once_each()
    {
        using var dir = new TempDirectory();
        dir.Write("cm.yaml", SettingsFiles.ArgoCdCm("""
            made.up.key: "1"
            configManagementPlugins: |
              - name: old
            kustomize.path.v3.5.1: /usr/local/bin/kustomize_3_5_1
            resource.customizations.actions.apps_Deployment: |
              discovery.lua: return {}
            dex.config: |
              connectors: []
            """));
        dir.Write("params.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-cmd-params-cm}
            data:
              controller.status.processors: "4"
              redis.server: redis:6379
            """);

        var settings = await SettingsFiles.LoadAsync(dir);

        Assert.Equal(4, settings.Parameters.StatusProcessors);
        var keys = settings.Warnings.Select(w => w.Key).ToList();
        Assert.Equal(["configManagementPlugins", "dex.config", "kustomize.path.v3.5.1", "made.up.key", "resource.customizations.actions.apps_Deployment", "redis.server"], keys);
        Assert.Contains("2.8", settings.Warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("cm.yaml", settings.Warnings[0].Object, StringComparison.Ordinal);

        var logged = new List<string>();
        var log = new SettingsWarningLog(new ListLogger(logged));
        Assert.Equal(6, log.Report(settings.Warnings).Count);
        Assert.Empty(log.Report((await SettingsFiles.LoadAsync(dir)).Warnings));
        Assert.Equal(6, logged.Count);
    }

    [Fact]
    public async Task Every_bad_value_is_reported_at_once_naming_file_object_and_key()
    {
        using var dir = new TempDirectory();
        dir.Write("cm.yaml", SettingsFiles.ArgoCdCm("""
            timeout.reconciliation: soon
            kustomize.buildOptions: --output /tmp/x
            resource.exclusions: |
              apiGroups: nope
            admin.enabled: maybe
            """));

        var e = await Assert.ThrowsAsync<SettingsException>(() => SettingsFiles.LoadAsync(dir));

        Assert.Equal(4, e.Problems.Count);
        Assert.All(e.Problems, p => Assert.Contains($"ConfigMap/argocd-cm ({Path.Combine(dir.Path, "cm.yaml")} (document", p, StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("timeout.reconciliation: 'soon' is not a duration", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("kustomize.buildOptions: kustomize build option '--output' is not allowed", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("resource.exclusions: must be a YAML list", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("admin.enabled: 'maybe' is not true or false", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_secret_is_read_from_base64_data_and_stringData_with_stringData_winning()
    {
        using var dir = new TempDirectory();
        dir.Write("secret.yaml", $"""
            apiVersion: v1
            kind: Secret
            metadata: {"{"}name: argocd-secret{"}"}
            data:
              server.secretkey: {SettingsFiles.Base64("from-data")}
              webhook.github.secret: {SettingsFiles.Base64("overridden")}
            stringData:
              webhook.github.secret: from-string-data
            """);

        var secrets = (await SettingsFiles.LoadAsync(dir)).Secrets;

        Assert.Equal("from-data", secrets.ServerSecretKey!.Reveal());
        Assert.Equal("from-string-data", secrets.Webhook("webhook.github.secret")!.Reveal());
    }

    [Fact]
    public async Task Bad_base64_names_the_file_object_and_key_but_not_the_value()
    {
        using var dir = new TempDirectory();
        dir.Write("secret.yaml", SettingsFiles.Secret("argocd-secret", "admin.password: not*base64*hunter2", section: "data"));

        var e = await Assert.ThrowsAsync<SettingsException>(() => SettingsFiles.LoadAsync(dir));

        var problem = Assert.Single(e.Problems);
        Assert.Contains($"Secret/argocd-secret ({Path.Combine(dir.Path, "secret.yaml")} (document", problem, StringComparison.Ordinal);
        Assert.Contains("data.admin.password: is not valid base64", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task References_in_argocd_cm_resolve_against_argocd_secret_and_labelled_secrets_only()
    {
        using var dir = new TempDirectory();
        dir.Write("all.yaml", string.Join("\n---\n",
            SettingsFiles.ArgoCdCm("""
                url: $my-url:value
                oidc.config: |
                  clientSecret: $oidc.clientSecret
                statusbadge.enabled: $unlabelled:flag
                """),
            SettingsFiles.Secret("argocd-secret", "oidc.clientSecret: s3cret-oidc"),
            SettingsFiles.Secret("my-url", "value: https://from-secret.example", "app.kubernetes.io/part-of: argocd"),
            SettingsFiles.Secret("unlabelled", "flag: \"true\"")));

        var e = await Assert.ThrowsAsync<SettingsException>(() => SettingsFiles.LoadAsync(dir));
        Assert.Contains(e.Problems, p => p.Contains("statusbadge.enabled: '$unlabelled:flag' is not true or false", StringComparison.Ordinal));

        File.WriteAllText(Path.Combine(dir.Path, "all.yaml"), File.ReadAllText(Path.Combine(dir.Path, "all.yaml")).Replace("statusbadge.enabled: $unlabelled:flag", "exec.enabled: \"false\"", StringComparison.Ordinal));
        var settings = await SettingsFiles.LoadAsync(dir);

        Assert.Equal("https://from-secret.example", settings.Config.Access.Url);
        Assert.Equal("clientSecret: $oidc.clientSecret\n", settings.Config.Access.OidcConfig);
        Assert.Equal("s3cret-oidc", settings.References.Resolve("$oidc.clientSecret"));
        Assert.Equal("$unlabelled:flag", settings.References.Resolve("$unlabelled:flag", out var problem));
        Assert.Contains("lacks the label app.kubernetes.io/part-of: argocd", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_objects_of_the_same_name_are_an_error_naming_both_files()
    {
        using var dir = new TempDirectory();
        dir.Write("a.yaml", SettingsFiles.ArgoCdCm("url: https://a"));
        dir.Write("nested/b.yml", SettingsFiles.ArgoCdCm("url: https://b"));

        var e = await Assert.ThrowsAsync<SettingsException>(() => SettingsFiles.LoadAsync(dir));

        var problem = Assert.Single(e.Problems);
        Assert.Contains("a.yaml", problem, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("nested", "b.yml"), problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_kinds_in_the_directory_are_skipped_with_one_warning_per_file()
    {
        using var dir = new TempDirectory();
        dir.Write("install.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: argocd-server}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: argocd-server}
            """);

        var warning = Assert.Single((await SettingsFiles.LoadAsync(dir)).Warnings);

        Assert.Contains("Deployment/argocd-server, Service/argocd-server", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_system_ignore_rule_with_a_glob_matches_groups_and_kinds()
    {
        var rule = new IgnoreRule("*.crossplane.io", "*");

        Assert.True(rule.Matches(new ResourceKey("s3.aws.crossplane.io", "Bucket", "", "b")));
        Assert.False(rule.Matches(new ResourceKey("apps", "Deployment", "ns", "d")));
    }
}
