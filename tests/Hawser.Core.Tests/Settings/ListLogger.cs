using Microsoft.Extensions.Logging;

namespace Hawser.Core.Tests.Settings;

/// <summary>A logger that keeps each formatted message, to assert on what reached the log.</summary>
internal sealed class ListLogger(List<string> messages) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (messages) messages.Add(formatter(state, exception) + (exception is null ? "" : " " + exception));
    }
}
