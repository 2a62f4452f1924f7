using System.Diagnostics;
using System.Text;

namespace Hawser.Processes;

/// <summary>What to run: the tool, its arguments, where, with which extra environment, for how long.</summary>
/// <param name="FileName">The executable, looked up on PATH when not a path.</param>
/// <param name="Arguments">Arguments, passed without a shell. Never put a secret here: use <paramref name="Environment"/>.</param>
/// <param name="WorkingDirectory">The working directory; the current one when null.</param>
/// <param name="Timeout">The process is killed (with its children) when it runs longer.</param>
/// <param name="Environment">Extra environment variables; a null value removes a variable.</param>
/// <param name="StandardInput">Text written to the process' standard input, which is then closed.</param>
public sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string? WorkingDirectory = null,
    TimeSpan? Timeout = null,
    IReadOnlyDictionary<string, string?>? Environment = null,
    string? StandardInput = null)
{
    /// <summary>The default limit for one external tool run.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The command line for messages. Arguments are shown as given: they never hold secrets.</summary>
    public string Display => Arguments.Count == 0 ? FileName : $"{FileName} {string.Join(' ', Arguments)}";
}

/// <summary>The outcome of a finished process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed);

/// <summary>
/// An external tool failed, was missing, or ran past its timeout. The message quotes the tool's own error output.
/// </summary>
public sealed class ToolException : Exception
{
    public ToolException(string tool, string message, int? exitCode = null, Exception? inner = null, string? standardError = null)
        : base(message, inner)
    {
        Tool = tool;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>The executable that failed.</summary>
    public string Tool { get; }

    /// <summary>Its exit code, when it ran to the end.</summary>
    public int? ExitCode { get; }

    /// <summary>Its whole error output, when it ran to the end (the message quotes at most 4,000 characters of it).</summary>
    public string? StandardError { get; }
}

/// <summary>
/// Runs external tools (git, helm, kustomize, kubectl): captures stdout and stderr, enforces the timeout and the
/// caller's cancellation (killing the whole process tree), and turns failures into <see cref="ToolException"/>s.
/// </summary>
public static class ProcessRunner
{
    /// <summary>Runs the process and returns its result whatever the exit code.</summary>
    public static async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (spec.WorkingDirectory is not null) info.WorkingDirectory = spec.WorkingDirectory;
        foreach (var argument in spec.Arguments) info.ArgumentList.Add(argument);
        if (spec.Environment is not null)
        {
            foreach (var (name, value) in spec.Environment)
            {
                if (value is null) info.Environment.Remove(name);
                else info.Environment[name] = value;
            }
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ToolException(spec.FileName, $"{spec.FileName}: could not start ({e.Message}); is it installed? Run scripts/setup.sh.", inner: e);
        }

        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            if (spec.StandardInput is not null) await process.StandardInput.WriteAsync(spec.StandardInput);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool exited without reading its input; its exit code tells the story.
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(spec.Timeout ?? ProcessSpec.DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            cancellationToken.ThrowIfCancellationRequested();
            throw new ToolException(spec.FileName, $"{spec.Display}: timed out after {(spec.Timeout ?? ProcessSpec.DefaultTimeout).TotalSeconds:0}s");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr, stopwatch.Elapsed);
    }

    /// <summary>Runs the process and throws a <see cref="ToolException"/> quoting its error output when it exits non-zero.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        var result = await RunAsync(spec, cancellationToken);
        if (result.ExitCode != 0)
        {
            var detail = result.StandardError.Trim();
            if (detail.Length == 0) detail = result.StandardOutput.Trim();
            if (detail.Length > 4000) detail = detail[..4000] + "…";
            throw new ToolException(spec.FileName, $"{Path.GetFileName(spec.FileName)} failed (exit {result.ExitCode}): {detail}", result.ExitCode, standardError: result.StandardError);
        }
        return result;
    }
}
