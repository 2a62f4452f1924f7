using Hawser.Health;
using Hawser.Manifests;
using Hawser.Testing;

namespace Hawser.Core.Tests.Health;

public sealed class LuaHealthCheckTests
{
    private const string CertificateKey = "resource.customizations.health.cert-manager.io_Certificate";

    private const string CertificateScript = """
        hs = {}
        if obj.status ~= nil and obj.status.conditions ~= nil then
          for i, condition in ipairs(obj.status.conditions) do
            if condition.type == "Ready" and condition.status == "True" then
              hs.status = "Healthy"
              hs.message = condition.message .. " (generation " .. obj.metadata.generation .. ")"
              return hs
            end
          end
        end
        hs.status = "Progressing"
        hs.message = "Waiting for certificate"
        return hs
        """;

    private static KubeObject Certificate(string readyStatus = "True") => ManifestReader.Read($$"""
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: web, namespace: prod, generation: 3}
        spec: {dnsNames: [a.example.com, b.example.com]}
        status:
          conditions:
          - {type: Ready, status: "{{readyStatus}}", message: certificate is up to date}
        """, "cert.yaml")[0];

    private static KubeObject Deployment() => ManifestReader.Read("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, generation: 1}
        spec: {replicas: 2}
        status: {observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2}
        """, "deployment.yaml")[0];

    private static IHealthAssessor AssessorWith(string key, string script) =>
        HealthAssessor.Create(CustomHealthChecks.FromArgoCdConfig(new Dictionary<string, string> { [key] = script }));

    private static HealthResult AssessCertificate(string script) => AssessorWith(CertificateKey, script).Assess(Certificate())!;

    [Fact]
    public void An_argocd_cm_script_decides_the_health_of_its_kind()
    {
        var assessor = AssessorWith(CertificateKey, CertificateScript);

        Assert.Equal(new HealthResult(HealthStatus.Healthy, "certificate is up to date (generation 3)"), assessor.Assess(Certificate("True")));
        Assert.Equal(new HealthResult(HealthStatus.Progressing, "Waiting for certificate"), assessor.Assess(Certificate("False")));
    }

    [Fact]
    public void A_custom_script_overrides_the_built_in_check()
    {
        var assessor = AssessorWith("resource.customizations.health.apps_Deployment",
            """return {status = "Suspended", message = "managed elsewhere: " .. obj.spec.replicas}""");

        Assert.Equal(new HealthResult(HealthStatus.Suspended, "managed elsewhere: 2"), assessor.Assess(Deployment()));
    }

    [Fact]
    public void A_script_returning_nil_leaves_the_decision_to_the_built_in_check()
    {
        var assessor = AssessorWith("resource.customizations.health.apps_Deployment", "return nil");

        Assert.Equal(HealthResult.Healthy(), assessor.Assess(Deployment()));
    }

    [Fact]
    public void Core_group_kinds_are_keyed_with_an_empty_group()
    {
        var pod = ManifestReader.Read("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nstatus: {phase: Running}", "pod.yaml")[0];
        var checks = CustomHealthChecks.FromArgoCdConfig(new Dictionary<string, string>
        {
            ["resource.customizations.health._Pod"] = """return {status = "Degraded", message = obj.status.phase}""",
        });

        Assert.Equal(new HealthResult(HealthStatus.Degraded, "Running"), HealthAssessor.Create(checks).Assess(pod));
    }

    [Fact]
    public void Wildcard_keys_match_every_kind_of_a_group_and_an_exact_key_wins_over_them()
    {
        var checks = CustomHealthChecks.FromArgoCdConfig(new Dictionary<string, string>
        {
            ["resource.customizations.health.*.io_*"] = """return {status = "Degraded", message = "broad"}""",
            ["resource.customizations.health.cert-manager.io_*"] = """return {status = "Progressing", message = "group"}""",
            ["resource.customizations.health.cert-manager.io_Issuer"] = """return {status = "Healthy", message = "exact"}""",
        });

        var assessor = HealthAssessor.Create(checks);
        KubeObject Object(string apiVersion, string kind) =>
            ManifestReader.Read($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata: {{name: x}}", "x.yaml")[0];

        Assert.Equal("group", assessor.Assess(Object("cert-manager.io/v1", "Certificate"))!.Message);
        Assert.Equal("exact", assessor.Assess(Object("cert-manager.io/v1", "Issuer"))!.Message);
        Assert.Equal("broad", assessor.Assess(Object("example.io/v1", "Thing"))!.Message);
        Assert.Null(checks.Find(new GroupKind("apps", "Deployment")));
    }

    [Fact]
    public void The_older_resource_customizations_key_is_read_and_per_kind_keys_take_precedence()
    {
        var checks = CustomHealthChecks.FromArgoCdConfig(new Dictionary<string, string>
        {
            ["resource.customizations"] = """
                cert-manager.io/Certificate:
                  health.lua: |
                    return {status = "Degraded", message = "legacy"}
                example.com/Widget:
                  health.lua: |
                    return {status = "Healthy", message = "legacy widget"}
                  ignoreDifferences: |
                    jsonPointers: [/spec/size]
                """,
            [CertificateKey] = """return {status = "Healthy", message = "per kind"}""",
        });

        var assessor = HealthAssessor.Create(checks);
        var widget = ManifestReader.Read("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}", "w.yaml")[0];

        Assert.Equal("per kind", assessor.Assess(Certificate())!.Message);
        Assert.Equal("legacy widget", assessor.Assess(widget)!.Message);
        Assert.Empty(checks.Problems);
    }

    [Fact]
    public async Task A_config_file_holding_the_argocd_cm_configmap_is_read()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("argocd-cm.yaml", $$"""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-cm, namespace: argocd}
            data:
              url: https://argocd.example.com
              {{CertificateKey}}: |
                hs = {}
                hs.status = "Healthy"
                hs.message = "from file"
                return hs
            """);

        var checks = await CustomHealthChecks.LoadFileAsync(path, CancellationToken.None);

        Assert.Equal(new HealthResult(HealthStatus.Healthy, "from file"), HealthAssessor.Create(checks).Assess(Certificate()));
    }

    [Fact]
    public async Task A_config_file_may_be_a_plain_map_of_keys_to_scripts()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("health.yaml", $$"""
            {{CertificateKey}}: |
              return {status = "Suspended", message = "plain map"}
            """);

        var checks = await CustomHealthChecks.LoadFileAsync(path, CancellationToken.None);

        Assert.Equal(HealthStatus.Suspended, HealthAssessor.Create(checks).Assess(Certificate())!.Status);
    }

    [Fact]
    public void Arrays_are_one_based_tables_and_integers_print_without_a_decimal_point()
    {
        var result = AssessCertificate("""
            return {status = "Healthy", message = obj.spec.dnsNames[1] .. "," .. #obj.spec.dnsNames .. "," .. obj.metadata.generation}
            """);

        Assert.Equal("a.example.com,2,3", result.Message);
    }

    [Fact]
    public void A_syntax_error_is_reported_as_a_problem_and_assesses_as_unknown()
    {
        var checks = CustomHealthChecks.FromArgoCdConfig(new Dictionary<string, string> { [CertificateKey] = "hs = {" });

        var problem = Assert.Single(checks.Problems);
        Assert.StartsWith(CertificateKey, problem, StringComparison.Ordinal);
        var result = HealthAssessor.Create(checks).Assess(Certificate())!;
        Assert.Equal(HealthStatus.Unknown, result.Status);
        Assert.Contains("Certificate.cert-manager.io", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_runtime_error_assesses_as_unknown_with_the_error_message()
    {
        var result = AssessCertificate("""return {status = obj.spec.missing.field}""");

        Assert.Equal(HealthStatus.Unknown, result.Status);
        Assert.Contains("attempt to index a nil value", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""return {status = "Fine"}""", "invalid health status \"Fine\"")]
    [InlineData("""return {status = "healthy"}""", "invalid health status \"healthy\"")]
    [InlineData("""return {message = "no status"}""", "invalid health status \"\"")]
    [InlineData("""return "Healthy" """, "expected the script to return a table, got string")]
    public void A_script_must_return_a_table_with_a_known_status(string script, string expected)
    {
        var result = AssessCertificate(script);

        Assert.Equal(HealthStatus.Unknown, result.Status);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
    }

    // Ten million instructions take well under the one-second limit on an idle machine; on a loaded one the clock may stop
    // the script first. Either way it is stopped and says which limit it hit.
    private static void AssertStoppedByALimit(HealthResult result) =>
        Assert.Matches("script exceeded its (limit of [0-9,]+ instructions|time limit of [0-9,]+ ms)", result.Message);

    [Fact]
    public void A_script_that_loops_forever_is_stopped_and_reported_unknown()
    {
        var result = AssessCertificate("while true do end");

        Assert.Equal(HealthStatus.Unknown, result.Status);
        AssertStoppedByALimit(result);
    }

    [Fact]
    public void A_sort_comparator_that_never_returns_is_stopped_too()
    {
        var result = AssessCertificate("""
            local list = {3, 1, 2}
            table.sort(list, function(a, b) while true do end end)
            return {status = "Healthy"}
            """);

        Assert.Equal(HealthStatus.Unknown, result.Status);
        AssertStoppedByALimit(result);
    }

    [Fact]
    public void A_gsub_callback_that_never_returns_is_stopped_too()
    {
        var result = AssessCertificate("""
            local s = string.gsub("abc", "%w", function(c) while true do end end)
            return {status = "Healthy"}
            """);

        Assert.Equal(HealthStatus.Unknown, result.Status);
        AssertStoppedByALimit(result);
    }

    [Fact]
    public void A_script_that_allocates_without_bound_runs_out_of_memory_and_is_reported_unknown()
    {
        var result = AssessCertificate("""
            local t = {}
            local s = string.rep("x", 1024 * 1024)
            for i = 1, 100000 do t[i] = s .. i end
            return {status = "Healthy"}
            """);

        Assert.Equal(HealthStatus.Unknown, result.Status);
        Assert.Contains("not enough memory", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("io")]
    [InlineData("package")]
    [InlineData("require")]
    [InlineData("dofile")]
    [InlineData("loadfile")]
    [InlineData("load")]
    [InlineData("debug")]
    [InlineData("coroutine")]
    [InlineData("setmetatable")]
    [InlineData("collectgarbage")]
    [InlineData("os.execute")]
    [InlineData("os.exit")]
    [InlineData("os.getenv")]
    [InlineData("os.remove")]
    [InlineData("string.dump")]
    public void The_sandbox_offers_nothing_that_reaches_the_machine(string name)
    {
        var result = AssessCertificate($"""return {"{"}status = {name} == nil and "Healthy" or "Degraded", message = "{name}"{"}"}""");

        Assert.Equal(new HealthResult(HealthStatus.Healthy, name), result);
    }

    [Fact]
    public void Strings_tables_math_and_safe_time_functions_are_available()
    {
        var result = AssessCertificate("""
            local names = {}
            for _, n in ipairs(obj.spec.dnsNames) do table.insert(names, (n:gsub("%.example%.com$", ""))) end
            table.sort(names, function(a, b) return a > b end)
            local upper = string.gsub(table.concat(names, "+"), "%w", function(c) return c:upper() end)
            local ok = type(os.time()) == "number" and math.max(1, 2) == 2 and string.format("%03d", 7) == "007"
            return {status = ok and "Healthy" or "Degraded", message = upper}
            """);

        Assert.Equal(new HealthResult(HealthStatus.Healthy, "B+A"), result);
    }

    [Fact]
    public void Lua_5_1_names_used_by_scripts_written_for_argo_cd_still_work()
    {
        var result = AssessCertificate("""
            local names = obj.spec.dnsNames
            local first, second = unpack(names)
            local ok = table.getn(names) == 2 and table.maxn(names) == 2 and math.pow(2, 3) == 8
            return {status = ok and "Healthy" or "Degraded", message = second .. " " .. first}
            """);

        Assert.Equal(new HealthResult(HealthStatus.Healthy, "b.example.com a.example.com"), result);
    }

    [Theory]
    [InlineData("hello world", "(%w+)", "<%1>")]
    [InlineData("hello world", "o", "0")]
    [InlineData("abc", "", "-")]
    [InlineData("key=value, a=b", "(%w+)=(%w+)", "%2=%1")]
    [InlineData("  trim  ", "^%s+", "")]
    public void Gsub_with_a_function_replaces_exactly_like_the_native_gsub(string text, string pattern, string replacement)
    {
        // The native gsub with a string replacement is the oracle for the Lua version used with functions.
        var script = $$"""
            local text, pattern, replacement = {{Lua(text)}}, {{Lua(pattern)}}, {{Lua(replacement)}}
            local expected, expectedCount = string.gsub(text, pattern, replacement)
            local actual, actualCount = string.gsub(text, pattern, function(...)
              local captures = {...}
              return (string.gsub(replacement, "%%(%d)", function(i)
                local index = tonumber(i)
                if index == 0 then return nil end
                return captures[index]
              end))
            end)
            if actual == expected and actualCount == expectedCount then
              return {status = "Healthy", message = actual}
            end
            return {status = "Degraded", message = expected .. " <> " .. actual}
            """;

        var result = AssessCertificate(script);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public void Open_lua_libraries_are_reported_as_unsupported()
    {
        var checks = CustomHealthChecks.FromArgoCdConfig(new Dictionary<string, string>
        {
            ["resource.customizations.useOpenLibs.cert-manager.io_Certificate"] = "true",
            [CertificateKey] = CertificateScript,
        });

        Assert.Contains("not supported", Assert.Single(checks.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Precompiled_chunks_are_refused()
    {
        var result = AssessCertificate("\u001bLua\u0054\u0000");

        Assert.Equal(HealthStatus.Unknown, result.Status);
        Assert.Contains("precompiled", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_a_script_writes_is_seen_by_its_next_run()
    {
        var assessor = AssessorWith(CertificateKey, """
            if seen ~= nil or string.upper == nil or _G.marker ~= nil then
              return {status = "Degraded", message = "state leaked from an earlier run"}
            end
            seen = true
            _G.marker = 1
            string.upper = nil
            return {status = "Healthy", message = obj.metadata.name}
            """);

        for (var run = 0; run < 3; run++)
            Assert.Equal(new HealthResult(HealthStatus.Healthy, "web"), assessor.Assess(Certificate()));
    }

    [Fact]
    public void A_state_reused_after_a_stopped_run_still_works()
    {
        var assessor = AssessorWith(CertificateKey, """
            if obj.status.conditions[1].status == "False" then while true do end end
            return {status = "Healthy"}
            """);

        Assert.Equal(HealthStatus.Unknown, assessor.Assess(Certificate("False"))!.Status);
        Assert.Equal(HealthStatus.Healthy, assessor.Assess(Certificate("True"))!.Status);
        Assert.Equal(HealthStatus.Unknown, assessor.Assess(Certificate("False"))!.Status);
    }

    [Fact]
    public void Scripts_run_safely_from_many_threads_at_once()
    {
        var assessor = AssessorWith(CertificateKey, CertificateScript);
        var results = new HealthResult?[64];

        Parallel.For(0, results.Length, i => results[i] = assessor.Assess(Certificate(i % 2 == 0 ? "True" : "False")));

        for (var i = 0; i < results.Length; i++)
            Assert.Equal(i % 2 == 0 ? HealthStatus.Healthy : HealthStatus.Progressing, results[i]!.Status);
    }

    private static string Lua(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
