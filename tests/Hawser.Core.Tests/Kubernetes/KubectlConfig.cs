using Hawser.Processes;
using Hawser.Testing;

namespace Hawser.Core.Tests.Kubernetes;

/// <summary>Writes kubeconfig files with the real <c>kubectl config …</c> commands, so tests read what kubectl writes.</summary>
internal sealed class KubectlConfig(string path, string workingDirectory)
{
    public string Path { get; } = path;

    public async Task<KubectlConfig> RunAsync(params string[] arguments)
    {
        await ProcessRunner.RunCheckedAsync(
            new ProcessSpec(Tools.Kubectl, ["config", .. arguments, "--kubeconfig", Path], workingDirectory, TimeSpan.FromSeconds(30)),
            TestTimeout.Token());
        return this;
    }
}
