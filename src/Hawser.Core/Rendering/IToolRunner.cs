using Hawser.Processes;

namespace Hawser.Rendering;

/// <summary>
/// The seam through which rendering runs tools (helm, kustomize, kubectl). The default goes through <see cref="ProcessRunner"/>;
/// tests wrap it to count runs (a cache hit must run none).
/// </summary>
public interface IToolRunner
{
    /// <summary>Runs the tool; throws a <see cref="ToolException"/> quoting its message when it exits non-zero.</summary>
    Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken);
}

/// <summary>Runs tools as real processes.</summary>
public sealed class ProcessToolRunner : IToolRunner
{
    /// <summary>The shared instance.</summary>
    public static readonly ProcessToolRunner Instance = new();

    public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken) => ProcessRunner.RunCheckedAsync(spec, cancellationToken);
}
