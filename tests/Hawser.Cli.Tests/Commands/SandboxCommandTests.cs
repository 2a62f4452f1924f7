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
    public async Task Sandbox_stop_without_a_data_directory_says_it_is_not_running()
    {
        using var data = new TempDirectory("cli-sandbox-none");
        var stop = await HawserProcess.RunAsync(data.Path, "sandbox", "stop", "--data-dir", Path.Combine(data.Path, "never-created"));
        Assert.Equal(0, stop.ExitCode);
        Assert.Contains("sandbox is not running", stop.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(stop.StandardError);
    }
}
