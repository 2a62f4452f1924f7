using System.Text.RegularExpressions;
using Hawser.Sandbox.Tests.Support;
using Hawser.Testing;

namespace Hawser.Sandbox.Tests.Conformance;

/// <summary>
/// The conformance suite: the real kubectl (through the installed dispatcher) against the sandbox, checking what it prints
/// for the commands of issue 3's done-when list. Each test uses its own namespace and its own kubectl cache directory.
/// </summary>
public sealed class KubectlConformanceTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly TempDirectory _work = new("kubectl-conformance");

    private Kubectl Kubectl => new(sandbox.Server, Path.Combine(_work.Path, "cache"));

    public void Dispose() => _work.Dispose();

    private static string ConfigMap(string ns, string name, string data, string labels = "app: demo") =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {ns}\n  labels: {{{labels}}}\ndata: {{{data}}}\n";

    [Fact]
    public async Task Version_prints_the_sandbox_server_version()
    {
        var output = await Kubectl.OkAsync("version");
        Assert.Matches(@"Client Version: v1\.3[23]\.", output);
        Assert.Contains("Server Version: v1.33.0-hawser-sandbox", output);
    }

    [Fact]
    public async Task Api_resources_lists_built_in_kinds_with_short_names_and_scope()
    {
        var output = await Kubectl.OkAsync("api-resources");
        Assert.Matches(new Regex(@"^configmaps\s+cm\s+v1\s+true\s+ConfigMap\s*$", RegexOptions.Multiline), output);
        Assert.Matches(new Regex(@"^deployments\s+deploy\s+apps/v1\s+true\s+Deployment\s*$", RegexOptions.Multiline), output);
        Assert.Matches(new Regex(@"^namespaces\s+ns\s+v1\s+false\s+Namespace\s*$", RegexOptions.Multiline), output);
        Assert.Matches(new Regex(@"^customresourcedefinitions\s+crd,crds\s+apiextensions\.k8s\.io/v1\s+false\s+CustomResourceDefinition\s*$", RegexOptions.Multiline), output);
    }

    [Fact]
    public async Task Create_namespace_and_generators_send_protobuf_that_the_sandbox_decodes()
    {
        var ns = sandbox.NextName("kc-create");
        Assert.Equal($"namespace/{ns} created\n", await Kubectl.OkAsync("create", "namespace", ns));
        Assert.Equal("configmap/foo created\n", await Kubectl.OkAsync("create", "configmap", "foo", "-n", ns, "--from-literal=a=1"));
        Assert.Equal("secret/s created\n", await Kubectl.OkAsync("create", "secret", "generic", "s", "-n", ns, "--from-literal=k=v"));
        Assert.Equal("serviceaccount/robot created\n", await Kubectl.OkAsync("create", "serviceaccount", "robot", "-n", ns));
        var again = await Kubectl.RunAsync(["create", "namespace", ns]);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"Error from server (AlreadyExists): namespaces \"{ns}\" already exists", again.StandardError);
    }

    [Fact]
    public async Task Get_prints_tables_yaml_all_namespaces_and_label_selections()
    {
        var ns = sandbox.NextName("kc-get");
        await Kubectl.OkAsync("create", "namespace", ns);
        await Kubectl.OkWithInputAsync(ConfigMap(ns, "foo", "a: '1', b: '2'") + "---\n" + ConfigMap(ns, "bar", "a: '1'", "app: other"), "apply", "-f", "-");

        var table = await Kubectl.OkAsync("get", "configmaps", "-n", ns);
        Assert.Matches(new Regex(@"^NAME\s+DATA\s+AGE\s*$", RegexOptions.Multiline), table);
        Assert.Matches(new Regex(@"^foo\s+2\s+\d+s\s*$", RegexOptions.Multiline), table);

        var yaml = await Kubectl.OkAsync("get", "cm", "foo", "-n", ns, "-o", "yaml");
        Assert.Contains("kind: ConfigMap", yaml);
        Assert.Contains($"namespace: {ns}", yaml);
        Assert.DoesNotContain("managedFields", yaml);

        var all = await Kubectl.OkAsync("get", "cm", "-A");
        Assert.Matches(new Regex($@"^{ns}\s+foo\s+2\s+\d+s\s*$", RegexOptions.Multiline), all);

        var selected = await Kubectl.OkAsync("get", "cm", "-n", ns, "-l", "app=demo", "-o", "name");
        Assert.Equal("configmap/foo\n", selected);

        var missing = await Kubectl.RunAsync(["get", "cm", "nope", "-n", ns]);
        Assert.Contains("Error from server (NotFound): configmaps \"nope\" not found", missing.StandardError);
        var empty = await Kubectl.RunAsync(["get", "deployments", "-n", ns]);
        Assert.Contains($"No resources found in {ns} namespace.", empty.StandardError);
    }

    [Fact]
    public async Task Get_watch_prints_a_change_as_it_happens()
    {
        var ns = sandbox.NextName("kc-watch");
        await Kubectl.OkAsync("create", "namespace", ns);
        await Kubectl.OkAsync("create", "configmap", "first", "-n", ns);
        using var watch = Kubectl.Start("get", "cm", "-n", ns, "-w");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var lines = new List<string>();
            while (!lines.Any(l => l.StartsWith("first", StringComparison.Ordinal)))
                lines.Add(await watch.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("kubectl get -w ended early"));
            await Kubectl.OkAsync("create", "configmap", "second", "-n", ns);
            string line;
            do line = await watch.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("kubectl get -w ended early");
            while (!line.StartsWith("second", StringComparison.Ordinal));
            Assert.Matches(@"^second\s+0\s+\d+s$", line.TrimEnd());
            Assert.Single(lines, l => l.StartsWith("first", StringComparison.Ordinal));
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Describe_shows_the_object_and_its_empty_events()
    {
        var ns = sandbox.NextName("kc-describe");
        await Kubectl.OkAsync("create", "namespace", ns);
        await Kubectl.OkAsync("create", "configmap", "foo", "-n", ns, "--from-literal=greeting=hello");
        var output = await Kubectl.OkAsync("describe", "configmap", "foo", "-n", ns);
        Assert.Matches(new Regex(@"^Name:\s+foo$", RegexOptions.Multiline), output);
        Assert.Matches(new Regex($@"^Namespace:\s+{ns}$", RegexOptions.Multiline), output);
        Assert.Contains("greeting", output);
        Assert.Matches(new Regex(@"^Events:\s+<none>", RegexOptions.Multiline), output);
    }

    [Fact]
    public async Task Server_side_apply_creates_updates_and_reports_conflicts_without_force()
    {
        var ns = sandbox.NextName("kc-ssa");
        await Kubectl.OkAsync("create", "namespace", ns);
        Assert.Equal("configmap/foo serverside-applied\n", await Kubectl.OkWithInputAsync(ConfigMap(ns, "foo", "a: '1'"), "apply", "--server-side", "-f", "-"));
        Assert.Equal("configmap/foo serverside-applied\n", await Kubectl.OkWithInputAsync(ConfigMap(ns, "foo", "a: '2'"), "apply", "--server-side", "-f", "-"));
        Assert.Contains("\"2\"", await Kubectl.OkAsync("get", "cm", "foo", "-n", ns, "-o", "jsonpath={.data}"));

        await Kubectl.OkAsync("create", "configmap", "bar", "-n", ns, "--from-literal=a=1");
        var conflict = await Kubectl.RunAsync(["apply", "--server-side", "-f", "-"], ConfigMap(ns, "bar", "a: '9'"));
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl-create\" using v1: .data.a", conflict.StandardError);
        Assert.Contains("--force-conflicts", conflict.StandardError);
        Assert.Equal("configmap/bar serverside-applied\n", await Kubectl.OkWithInputAsync(ConfigMap(ns, "bar", "a: '9'"), "apply", "--server-side", "--force-conflicts", "-f", "-"));
    }

    [Fact]
    public async Task Client_side_apply_works_with_default_validation_and_strict_rejects_typos()
    {
        var ns = sandbox.NextName("kc-csa");
        await Kubectl.OkAsync("create", "namespace", ns);
        Assert.Equal("configmap/foo created\n", await Kubectl.OkWithInputAsync(ConfigMap(ns, "foo", "a: '1'"), "apply", "-f", "-"));
        Assert.Equal("configmap/foo configured\n", await Kubectl.OkWithInputAsync(ConfigMap(ns, "foo", "a: '2'"), "apply", "-f", "-"));
        Assert.Equal("configmap/foo unchanged\n", await Kubectl.OkWithInputAsync(ConfigMap(ns, "foo", "a: '2'"), "apply", "-f", "-"));
        var typo = await Kubectl.RunAsync(["apply", "-f", "-"], $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\n  namespace: {ns}\ndta:\n  a: '1'\n");
        Assert.NotEqual(0, typo.ExitCode);
        Assert.Contains("unknown field \"dta\"", typo.StandardError);
        var invalid = await Kubectl.RunAsync(["apply", "-f", "-"], $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: BadName\n  namespace: {ns}\n");
        Assert.Contains("The ConfigMap \"BadName\" is invalid: metadata.name: Invalid value: \"BadName\"", invalid.StandardError);
    }

    [Fact]
    public async Task Server_side_diff_exits_one_on_a_difference_and_zero_after_apply()
    {
        var ns = sandbox.NextName("kc-diff");
        await Kubectl.OkAsync("create", "namespace", ns);
        await Kubectl.OkWithInputAsync(ConfigMap(ns, "foo", "a: '1'"), "apply", "--server-side", "-f", "-");
        var changed = await Kubectl.RunAsync(["diff", "--server-side", "-f", "-"], ConfigMap(ns, "foo", "a: '2'"));
        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("+  a: \"2\"", changed.StandardOutput);
        await Kubectl.OkWithInputAsync(ConfigMap(ns, "foo", "a: '2'"), "apply", "--server-side", "-f", "-");
        var same = await Kubectl.RunAsync(["diff", "--server-side", "-f", "-"], ConfigMap(ns, "foo", "a: '2'"));
        Assert.Equal(0, same.ExitCode);
        Assert.Equal("", same.StandardOutput);
        var created = await Kubectl.RunAsync(["diff", "--server-side", "-f", "-"], ConfigMap(ns, "new", "a: '1'"));
        Assert.Equal(1, created.ExitCode);
        Assert.Equal("", await Kubectl.OkAsync("get", "cm", "-n", ns, "--field-selector", "metadata.name=new", "-o", "name"));
    }

    [Fact]
    public async Task Delete_removes_an_object_and_a_namespace_with_its_contents()
    {
        var ns = sandbox.NextName("kc-delete");
        await Kubectl.OkAsync("create", "namespace", ns);
        await Kubectl.OkAsync("create", "configmap", "foo", "-n", ns);
        await Kubectl.OkAsync("create", "configmap", "bar", "-n", ns);
        Assert.Equal("configmap \"foo\" deleted\n", await Kubectl.OkAsync("delete", "cm", "foo", "-n", ns));
        Assert.Equal($"namespace \"{ns}\" deleted\n", await Kubectl.OkAsync("delete", "namespace", ns, "--timeout=60s"));
        var gone = await Kubectl.RunAsync(["get", "namespace", ns]);
        Assert.Contains($"namespaces \"{ns}\" not found", gone.StandardError);
        Assert.Null(sandbox.Server.Store.Get(new("", "configmaps"), ns, "bar"));
    }

    [Fact]
    public async Task Wait_for_available_returns_once_the_deployment_is_simulated_ready()
    {
        var ns = sandbox.NextName("kc-wait");
        await Kubectl.OkAsync("create", "namespace", ns);
        var deployment = $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, namespace: {ns}}}\nspec:\n  replicas: 2\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      containers:\n      - {{name: web, image: 'nginx:1.27'}}\n";
        Assert.Equal("deployment.apps/web serverside-applied\n", await Kubectl.OkWithInputAsync(deployment, "apply", "--server-side", "-f", "-"));
        var output = await Kubectl.OkAsync("wait", "--for=condition=Available", "deployment/web", "-n", ns, "--timeout=60s");
        Assert.Equal("deployment.apps/web condition met\n", output);
        var table = await Kubectl.OkAsync("get", "deploy", "web", "-n", ns);
        Assert.Matches(new Regex(@"^web\s+2/2\s+2\s+2\s+\d+s\s*$", RegexOptions.Multiline), table);
    }

    [Fact]
    public async Task A_crd_and_its_custom_resource_go_through_apply_get_and_delete()
    {
        var ns = sandbox.NextName("kc-crd");
        var group = $"{ns}.example.com";
        await Kubectl.OkAsync("create", "namespace", ns);
        var crd = $$$$"""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: gizmos.{{{{group}}}}}
            spec:
              group: {{{{group}}}}
              scope: Namespaced
              names: {plural: gizmos, singular: gizmo, kind: Gizmo, shortNames: [gz]}
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}}
                additionalPrinterColumns:
                - {name: Size, type: integer, jsonPath: .spec.size}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec: {type: object, properties: {size: {type: integer}}}
                      status: {type: object, x-kubernetes-preserve-unknown-fields: true}
            """;
        Assert.Equal($"customresourcedefinition.apiextensions.k8s.io/gizmos.{group} serverside-applied\n", await Kubectl.OkWithInputAsync(crd, "apply", "--server-side", "-f", "-"));
        var gizmo = $"apiVersion: {group}/v1\nkind: Gizmo\nmetadata: {{name: g1, namespace: {ns}}}\nspec: {{size: 3}}\n";
        Assert.Equal($"gizmo.{group}/g1 created\n", await Kubectl.OkWithInputAsync(gizmo, "apply", "-f", "-"));
        Assert.Equal($"gizmo.{group}/g1 configured\n", await Kubectl.OkWithInputAsync(gizmo.Replace("size: 3", "size: 4"), "apply", "-f", "-"));
        var table = await Kubectl.OkAsync("get", "gz", "-n", ns);
        Assert.Matches(new Regex(@"^NAME\s+SIZE\s+AGE\s*$", RegexOptions.Multiline), table);
        Assert.Matches(new Regex(@"^g1\s+4\s+\d+s\s*$", RegexOptions.Multiline), table);
        Assert.Equal($"gizmo.{group} \"g1\" deleted\n", await Kubectl.OkWithInputAsync(gizmo, "delete", "-f", "-"));
        Assert.Equal($"customresourcedefinition.apiextensions.k8s.io \"gizmos.{group}\" deleted\n", await Kubectl.OkWithInputAsync(crd, "delete", "-f", "-"));
        var gone = await Kubectl.RunAsync(["api-resources", "--api-group", group]);
        Assert.DoesNotContain("gizmos", gone.StandardOutput);
    }

    [Fact]
    public async Task Patch_with_merge_and_json_types_changes_the_object()
    {
        var ns = sandbox.NextName("kc-patch");
        await Kubectl.OkAsync("create", "namespace", ns);
        await Kubectl.OkAsync("create", "configmap", "foo", "-n", ns, "--from-literal=a=1");
        Assert.Equal("configmap/foo patched\n", await Kubectl.OkAsync("patch", "cm", "foo", "-n", ns, "--type=merge", "-p", """{"data":{"a":"2"}}"""));
        Assert.Equal("2", await Kubectl.OkAsync("get", "cm", "foo", "-n", ns, "-o", "jsonpath={.data.a}"));
        Assert.Equal("configmap/foo patched\n", await Kubectl.OkAsync("patch", "cm", "foo", "-n", ns, "--type=json", "-p", """[{"op":"add","path":"/data/b","value":"3"}]"""));
        Assert.Equal("3", await Kubectl.OkAsync("get", "cm", "foo", "-n", ns, "-o", "jsonpath={.data.b}"));
        Assert.Equal("configmap/foo labeled\n", await Kubectl.OkAsync("label", "cm", "foo", "-n", ns, "tier=front"));
    }
}
