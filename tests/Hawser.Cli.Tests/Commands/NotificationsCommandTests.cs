using Hawser.Testing;

namespace Hawser.Cli.Tests.Commands;

public sealed class NotificationsCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("cli-notifications");
    private readonly HttpReceiver _receiver = HttpReceiver.Start();

    public void Dispose()
    {
        _receiver.Dispose();
        _dir.Dispose();
    }

    private string AppFile(string phase)
    {
        var path = Path.Combine(_dir.Path, "app.yaml");
        File.WriteAllText(path, $"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {"{"}name: guestbook{"}"}
            spec:
              project: default
              source: {"{"}repoURL: 'https://github.com/example/guestbook.git', path: guestbook, targetRevision: main{"}"}
              destination: {"{"}server: 'https://kubernetes.default.svc', namespace: guestbook{"}"}
            status:
              sync: {"{"}status: Synced, revision: 4f2c1d0{"}"}
              health: {"{"}status: Healthy{"}"}
              operationState: {"{"}phase: {phase}, syncResult: {"{"}revision: 4f2c1d0{"}"}{"}"}
            """);
        return path;
    }

    private string Settings()
    {
        var dir = Path.Combine(_dir.Path, "settings");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "notifications.yaml"), $$$"""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-notifications-cm}
            data:
              service.webhook.ci: |
                url: {{{_receiver.Url}}}
                headers: [{name: Authorization, value: $ci-token}]
              template.ci-status: |
                webhook:
                  ci:
                    method: POST
                    path: /status/{{.app.metadata.name}}
                    body: '{"revision": "{{.app.status.sync.revision}}", "phase": "{{.app.status.operationState.phase}}"}'
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: argocd-notifications-secret}
            stringData: {ci-token: Bearer ci-secret-value}
            """);
        return dir;
    }

    [Fact]
    public async Task Trigger_run_prints_each_condition_of_a_default_trigger_on_an_Application_file()
    {
        var run = await HawserProcess.RunAsync(_dir.Path, "notifications", "trigger", "run", "on-deployed", "-f", AppFile("Succeeded"), "--settings", Settings());
        Assert.True(run.ExitCode == 0, run.StandardError);
        var lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["CONDITION", "RESULT", "ONCE", "PER", "SEND"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("true    4f2c1d0   app-deployed", lines[1].TrimEnd(), StringComparison.Ordinal);

        var failed = await HawserProcess.RunAsync(_dir.Path, "notifications", "trigger", "run", "on-sync-failed", AppFile("Succeeded"), "--settings", Settings());
        Assert.Contains("false", failed.StandardOutput, StringComparison.Ordinal);

        var unknown = await HawserProcess.RunAsync(_dir.Path, "notifications", "trigger", "run", "on-nothing", "-f", AppFile("Succeeded"));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("trigger 'on-nothing' is not defined", unknown.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_notify_renders_and_sends_to_the_recipient_without_printing_secrets()
    {
        var run = await HawserProcess.RunAsync(_dir.Path, "notifications", "template", "notify", "ci-status", AppFile("Succeeded"), "--recipient", "ci:", "--settings", Settings());
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal("sent ci-status to ci:\n", run.StandardOutput);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(("POST", "/status/guestbook", "Bearer ci-secret-value"), (request.Method, request.PathAndQuery, request.Header("Authorization")));
        Assert.Equal("""{"revision": "4f2c1d0", "phase": "Succeeded"}""", request.Body);

        _receiver.Enqueue(401, "Bearer ci-secret-value is not valid");
        var refused = await HawserProcess.RunAsync(_dir.Path, "notifications", "template", "notify", "ci-status", AppFile("Succeeded"), "--recipient", "ci:", "--settings", Settings());
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("error: ci:: service.webhook.ci: HTTP 401 Unauthorized", refused.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("ci-secret-value", refused.StandardError + refused.StandardOutput, StringComparison.Ordinal);
    }
}
