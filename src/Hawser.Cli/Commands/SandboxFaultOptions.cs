using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Hawser.Sandbox.Faults;

namespace Hawser.Cli.Commands;

/// <summary>
/// <c>hawser sandbox start --fault-*</c>: the sandbox's fault injection (<see cref="FaultOptions"/>) from the command line, so
/// reliability tests and users can run a faulty API server out of process. Durations are <c>50ms</c>, <c>2s</c>, <c>1m</c> or
/// <c>hh:mm:ss</c>; rates are fractions from 0 to 1.
/// </summary>
internal sealed class SandboxFaultOptions
{
    private readonly Option<double> _errorRate = Rate("--fault-error-rate", "The fraction (0 to 1) of API requests answered with an error Status.");
    private readonly Option<string?> _errorCodes = new("--fault-error-codes")
    {
        Description = "The error codes to pick from, comma-separated: 500, 429 (with Retry-After), 503 (default 500,429).",
        Validators = { ValidateCodes },
    };
    private readonly Option<TimeSpan?> _latency = Duration("--fault-latency", "Added before every API request is served (e.g. 50ms).");
    private readonly Option<TimeSpan?> _latencyJitter = Duration("--fault-latency-jitter", "A random extra latency, up to this much (e.g. 20ms).");
    private readonly Option<double> _dropRate = Rate("--fault-drop-rate", "The fraction (0 to 1) of API requests whose connection is dropped without an answer.");
    private readonly Option<TimeSpan?> _watchCut = Duration("--fault-watch-cut", "End every watch stream (cleanly) after at most this long (e.g. 5s).");
    private readonly Option<string?> _methods = new("--fault-methods") { Description = "Only fault requests of these HTTP methods, comma-separated (e.g. POST,PATCH); default all." };
    private readonly Option<int?> _seed = new("--fault-seed") { Description = "Seed for a reproducible fault sequence." };

    private IEnumerable<Option> All => [_errorRate, _errorCodes, _latency, _latencyJitter, _dropRate, _watchCut, _methods, _seed];

    public void AddTo(Command command)
    {
        foreach (var option in All) command.Options.Add(option);
    }

    /// <summary>The fault options given (all off when none is).</summary>
    public FaultOptions Read(ParseResult parsed)
    {
        var faults = new FaultOptions
        {
            ErrorRate = parsed.GetValue(_errorRate),
            Latency = parsed.GetValue(_latency) ?? TimeSpan.Zero,
            LatencyJitter = parsed.GetValue(_latencyJitter) ?? TimeSpan.Zero,
            DropRate = parsed.GetValue(_dropRate),
            WatchCutAfter = parsed.GetValue(_watchCut),
            Methods = List(parsed.GetValue(_methods)).Select(m => m.ToUpperInvariant()).ToList(),
            Seed = parsed.GetValue(_seed),
        };
        return parsed.GetValue(_errorCodes) is { } codes
            ? faults with { ErrorCodes = List(codes).Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList() }
            : faults;
    }

    /// <summary>The fault options as given, to pass on to the background sandbox process.</summary>
    public IReadOnlyList<string> Arguments(ParseResult parsed)
    {
        var arguments = new List<string>();
        foreach (var option in All)
        {
            if (parsed.GetResult(option) is not { Implicit: false } result) continue;
            foreach (var token in result.Tokens)
            {
                arguments.Add(option.Name);
                arguments.Add(token.Value);
            }
        }
        return arguments;
    }

    private static List<string> List(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static Option<double> Rate(string name, string description)
    {
        var option = new Option<double>(name) { Description = description };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (value is < 0 or > 1 || double.IsNaN(value)) result.AddError($"{name} must be between 0 and 1, not {value.ToString(CultureInfo.InvariantCulture)}");
        });
        return option;
    }

    private static Option<TimeSpan?> Duration(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (TryParseDuration(text, out var value)) return value;
            result.AddError($"{name}: \"{text}\" is not a duration (use e.g. 50ms, 2s, 1m or 00:00:02)");
            return null;
        },
    };

    private static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
            : text.EndsWith('s') ? (text[..^1], 1000.0)
            : text.EndsWith('m') ? (text[..^1], 60_000.0)
            : ("", 0.0);
        if (scale > 0 && double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0 && amount * scale < int.MaxValue)
        {
            value = TimeSpan.FromMilliseconds(amount * scale);
            return true;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }

    private static void ValidateCodes(OptionResult result)
    {
        foreach (var code in List(result.Tokens.Count == 1 ? result.Tokens[0].Value : ""))
        {
            if (code is not ("500" or "429" or "503")) result.AddError($"--fault-error-codes: {code} is not one of 500, 429, 503");
        }
    }
}
