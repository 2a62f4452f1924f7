using Hawser.Apps;
using Hawser.State;

namespace Hawser.Cli.Commands;

/// <summary>
/// Shows a sync as it runs. On a terminal: one coloured line per object written, hook and wave, and a status line for the
/// step in progress, rewritten in place. Otherwise: plain lines, one per event. Reports arrive synchronously from the
/// engine and are serialised here.
/// </summary>
internal sealed class ProgressView(TextWriter output) : IProgress<AppProgress>
{
    private readonly bool _terminal = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);
    private readonly Lock _lock = new();
    private bool _statusShown;

    public void Report(AppProgress value)
    {
        lock (_lock)
        {
            var p = value.Progress;
            var subject = p.Key is { } key ? $"{key}" : p.Step;
            if (!_terminal)
            {
                output.WriteLine(p.Action is { } a ? $"[{value.App}] {a} {subject}{Detail(p)}" : $"[{value.App}] {p.Message}");
                return;
            }
            ClearStatus();
            if (p.Action is { } action)
            {
                output.WriteLine($"  {Colour(action)}{action,-10}\u001b[0m {subject}\u001b[2m{Detail(p)}\u001b[0m");
            }
            else
            {
                output.Write($"\u001b[36m⋯\u001b[0m [{value.App}] {Truncate(p.Message, Math.Max(20, WindowWidth() - value.App.Length - 6))}");
                _statusShown = true;
            }
        }
    }

    /// <summary>Removes the status line before the summary is printed.</summary>
    public void Finish()
    {
        lock (_lock) ClearStatus();
    }

    private void ClearStatus()
    {
        if (!_statusShown) return;
        output.Write("\r\u001b[2K");
        _statusShown = false;
    }

    private static string Colour(SyncTaskAction action) => action switch
    {
        SyncTaskAction.Created or SyncTaskAction.Configured => "\u001b[32m",
        SyncTaskAction.Deleted or SyncTaskAction.Pruned => "\u001b[33m",
        SyncTaskAction.Failed => "\u001b[31m",
        _ => "\u001b[2m",
    };

    private static string Detail(Sync.SyncProgress p) => p.Message.Length == 0 ? "" : $": {p.Message}";

    private static int WindowWidth()
    {
        try { return Console.WindowWidth > 0 ? Console.WindowWidth : 100; }
        catch (IOException) { return 100; }
    }

    private static string Truncate(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
