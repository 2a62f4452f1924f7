using System.Diagnostics;
using Hawser.Processes;
using Hawser.Testing;

namespace Hawser.Sandbox.Tests.Conformance;

/// <summary>Runs the real kubectl against a sandbox, with the sandbox's kubeconfig and a cache directory of its own.</summary>
internal sealed class Kubectl(SandboxServer server, string cacheDirectory)
{
    public async Task<ProcessResult> RunAsync(string[] arguments, string? stdin = null)
    {
        var args = new List<string> { "--kubeconfig", server.KubeconfigPath, "--cache-dir", cacheDirectory };
        args.AddRange(arguments);
        return await ProcessRunner.RunAsync(new ProcessSpec(Tools.Kubectl, args, Timeout: TimeSpan.FromSeconds(90), StandardInput: stdin), CancellationToken.None);
    }

    /// <summary>Runs kubectl and asserts it succeeded; returns standard output.</summary>
    public async Task<string> OkAsync(params string[] arguments) => await OkWithInputAsync(null, arguments);

    public async Task<string> OkWithInputAsync(string? stdin, params string[] arguments)
    {
        var result = await RunAsync(arguments, stdin);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', arguments)} exited {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        return result.StandardOutput;
    }

    /// <summary>Starts a long-running kubectl (such as <c>get -w</c>) whose output lines can be read as they come.</summary>
    public Process Start(params string[] arguments)
    {
        var info = new ProcessStartInfo(Tools.Kubectl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--kubeconfig", server.KubeconfigPath, "--cache-dir", cacheDirectory }.Concat(arguments)) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
    }
}
