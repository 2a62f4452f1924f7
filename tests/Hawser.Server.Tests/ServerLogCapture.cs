using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Hawser.Server.Tests;

/// <summary>
/// Keeps every log line the server writes, at every level (what <c>-v</c> would show, exceptions included), so a test can scan
/// them; with <c>HAWSER_TEST_LOG=1</c> the lines also go to the console.
/// </summary>
internal sealed class ServerLogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public ServerLogCapture() =>
        Factory = LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace).AddProvider(this);
            if (Environment.GetEnvironmentVariable("HAWSER_TEST_LOG") == "1") b.AddConsole();
        });

    public ILoggerFactory Factory { get; }

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
