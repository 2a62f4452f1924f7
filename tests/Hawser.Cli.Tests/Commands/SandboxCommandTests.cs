using Hawser.Processes;
using Hawser.Testing;

namespace Hawser.Cli.Tests.Commands;

public sealed class SandboxCommandTests
{
    [Fact]
    public async Task Sandbox_start_prints_a_kubeconfig_kubectl_can_use_then_status_and_stop_manage_it()
    {
        using var data = new TempDirectory("cli-sandbox");
        var sandboxDir = Path.Combine(data.Path, "sandbox");
        try
        {
            var start = await HawserProcess.RunAsync(data.Path, "sandbox", "start");
            Assert.True(start.ExitCode == 0, start.StandardError);
            var kubeconfig = start.StandardOutput.Trim();
            Assert.Equal(Path.Combine(sandboxDir, "kubeconfig"), kubeconfig);

            var status = await HawserProcess.RunAsync(data.Path, "sandbox", "status");
            Assert.Equal(0, status.ExitCode);
            Assert.Contains("sandbox is running at https://127.0.0.1:", status.StandardOutput);

            var kubectl = await ProcessRunner.RunAsync(new ProcessSpec(Tools.Kubectl,
                ["--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(data.Path, "cache"), "get", "namespace", "default", "-o", "name"]), CancellationToken.None);
            Assert.True(kubectl.ExitCode == 0, kubectl.StandardError);
            Assert.Equal("namespace/default\n", kubectl.StandardOutput);

            var again = await HawserProcess.RunAsync(data.Path, "sandbox", "start");
            Assert.Equal(kubeconfig, again.StandardOutput.Trim());
        }
        finally
        {
            var stop = await HawserProcess.RunAsync(data.Path, "sandbox", "stop");
            Assert.Equal(0, stop.ExitCode);
        }
        var stopped = await HawserProcess.RunAsync(data.Path, "sandbox", "status");
        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains("sandbox is not running", stopped.StandardOutput);
    }

    [Fact]
    public async Task Sandbox_start_with_fault_options_runs_a_sandbox_that_injects_them()
    {
        using var data = new TempDirectory("cli-sandbox-faults");
        var sandboxDir = Path.Combine(data.Path, "faulty");
        try
        {
            var start = await HawserProcess.RunAsync(data.Path, "sandbox", "start", "--data-dir", sandboxDir,
                "--fault-error-rate", "1", "--fault-error-codes", "500", "--fault-methods", "post", "--fault-latency", "5ms", "--fault-seed", "3");
            Assert.True(start.ExitCode == 0, start.StandardError);
            var kubectl = new[] { "--kubeconfig", start.StandardOutput.Trim(), "--cache-dir", Path.Combine(data.Path, "cache") };

            var create = await ProcessRunner.RunAsync(new ProcessSpec(Tools.Kubectl, [.. kubectl, "create", "configmap", "x", "--from-literal=a=b"]), CancellationToken.None);
            Assert.NotEqual(0, create.ExitCode);
            Assert.Contains("injected fault", create.StandardError, StringComparison.Ordinal);

            var get = await ProcessRunner.RunAsync(new ProcessSpec(Tools.Kubectl, [.. kubectl, "get", "namespace", "default", "-o", "name"]), CancellationToken.None);
            Assert.True(get.ExitCode == 0, get.StandardError);

            var again = await HawserProcess.RunAsync(data.Path, "sandbox", "start", "--data-dir", sandboxDir, "--fault-drop-rate", "0.5");
            Assert.Equal(2, again.ExitCode);
            Assert.Contains("already running", again.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await HawserProcess.RunAsync(data.Path, "sandbox", "stop", "--data-dir", sandboxDir);
        }
    }

    [Theory]
    [InlineData("--fault-error-rate", "1.5", "between 0 and 1")]
    [InlineData("--fault-drop-rate", "-0.1", "between 0 and 1")]
    [InlineData("--fault-latency", "soon", "is not a duration")]
    [InlineData("--fault-error-codes", "500,404", "404 is not one of")]
    public async Task Bad_fault_options_are_usage_errors(string option, string value, string message)
    {
        using var data = new TempDirectory("cli-sandbox-bad-faults");
        var start = await HawserProcess.RunAsync(data.Path, "sandbox", "start", "--data-dir", Path.Combine(data.Path, "s"), option, value);
        Assert.Equal(2, start.ExitCode);
        Assert.Contains(message, start.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(data.Path, "s")));
    }

    [Fact]
    public async Task Sandbox_stop_without_a_data_directory_says_it_is_not_running()
    {
        using var data = new TempDirectory("cli-sandbox-none");
        var stop = await HawserProcess.RunAsync(data.Path, "sandbox", "stop", "--data-dir", Path.Combine(data.Path, "never-created"));
        Assert.Equal(0, stop.ExitCode);
        Assert.Contains("sandbox is not running", stop.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(stop.StandardError);
    }
}
