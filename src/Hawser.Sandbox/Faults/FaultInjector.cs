using Hawser.Sandbox.Api;
using Hawser.Sandbox.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hawser.Sandbox.Faults;

/// <summary>
/// Wraps the request pipeline with the configured <see cref="FaultOptions"/>: first the added latency, then a dropped
/// connection (the request is aborted, no answer), then an error Status (500, 429 with Retry-After, 503), and for watches a
/// deadline after which the stream ends cleanly. Each request rolls its own dice; a seed makes the sequence reproducible.
/// With <see cref="FaultOptions.Methods"/> set, requests of other methods are served untouched and roll no dice.
/// </summary>
internal sealed class FaultInjector
{
    private readonly FaultOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly Lock _gate = new();

    public FaultInjector(FaultOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _random = options.Seed is { } seed ? new Random(seed) : new Random();
        if (options.IsActive) FaultLog.Enabled(logger, options.ErrorRate, options.DropRate, options.Latency, options.WatchCutAfter);
    }

    /// <summary>The pipeline with faults in front of <paramref name="next"/>; <paramref name="next"/> itself when none are configured.</summary>
    public RequestDelegate Wrap(RequestDelegate next) => _options.IsActive ? context => InvokeAsync(context, next) : next;

    private async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path is "/healthz" or "/readyz" or "/livez" or "/version"
            || (_options.Methods.Count > 0 && !_options.Methods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase)))
        {
            await next(context);
            return;
        }
        var cancellationToken = context.RequestAborted;
        var delay = _options.Latency + _options.LatencyJitter * Roll();
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        if (_options.DropRate > 0 && Roll() < _options.DropRate)
        {
            FaultLog.Injected(_logger, "dropped connection", context.Request.Method, path);
            context.Abort();
            return;
        }
        if (_options.ErrorRate > 0 && _options.ErrorCodes.Count > 0 && Roll() < _options.ErrorRate)
        {
            var error = Error(_options.ErrorCodes[Pick(_options.ErrorCodes.Count)]);
            FaultLog.Injected(_logger, error.Reason, context.Request.Method, path);
            await JsonResponses.WriteStatusAsync(context, error, cancellationToken);
            return;
        }
        if (_options.WatchCutAfter is { } cut && IsWatch(context.Request))
        {
            using var deadline = new CancellationTokenSource(cut, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            context.RequestAborted = linked.Token;
            await next(context);
            return;
        }
        await next(context);
    }

    private ApiException Error(int code)
    {
        var retryAfter = Math.Max(1, (int)Math.Ceiling(_options.RetryAfter.TotalSeconds));
        return code switch
        {
            429 => new ApiException(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later (injected fault)")
            {
                RetryAfterSeconds = retryAfter,
            },
            503 => new ApiException(503, "ServiceUnavailable", "the server is currently unable to handle the request (injected fault)")
            {
                RetryAfterSeconds = retryAfter,
            },
            _ => new ApiException(code, "InternalError", "Internal error occurred: injected fault"),
        };
    }

    private static bool IsWatch(HttpRequest request) => request.Query["watch"].ToString() is "true" or "1";

    private double Roll()
    {
        lock (_gate) return _random.NextDouble();
    }

    private int Pick(int count)
    {
        lock (_gate) return _random.Next(count);
    }
}
