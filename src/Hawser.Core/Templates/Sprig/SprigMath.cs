namespace Hawser.Templates;

/// <summary>Sprig's integer (int64 via cast) and float (float64) math.</summary>
internal static class SprigMath
{
    public static IEnumerable<GoFunction> All() =>
    [
        GoFunction.Variadic("add", 0, c => c.AnyFrom(0).Aggregate(0L, (sum, v) => unchecked(sum + SprigValues.ToInt64(v)))),
        GoFunction.Fixed("add1", 1, c => unchecked(SprigValues.ToInt64(c.Any(0)) + 1)),
        GoFunction.Fixed("sub", 2, c => unchecked(SprigValues.ToInt64(c.Any(0)) - SprigValues.ToInt64(c.Any(1)))),
        GoFunction.Fixed("div", 2, c => Divide(SprigValues.ToInt64(c.Any(0)), SprigValues.ToInt64(c.Any(1)), false)),
        GoFunction.Fixed("mod", 2, c => Divide(SprigValues.ToInt64(c.Any(0)), SprigValues.ToInt64(c.Any(1)), true)),
        GoFunction.Variadic("mul", 1, c => c.AnyFrom(1).Aggregate(SprigValues.ToInt64(c.Any(0)), (p, v) => unchecked(p * SprigValues.ToInt64(v)))),
        GoFunction.Variadic("max", 1, c => c.AnyFrom(0).Select(SprigValues.ToInt64).Max()),
        GoFunction.Variadic("biggest", 1, c => c.AnyFrom(0).Select(SprigValues.ToInt64).Max()),
        GoFunction.Variadic("min", 1, c => c.AnyFrom(0).Select(SprigValues.ToInt64).Min()),
        GoFunction.Fixed("floor", 1, c => Math.Floor(SprigValues.ToFloat64(c.Any(0)))),
        GoFunction.Fixed("ceil", 1, c => Math.Ceiling(SprigValues.ToFloat64(c.Any(0)))),
        GoFunction.Variadic("round", 2, c => Round(c)),
        GoFunction.Fixed("randInt", 2, c => RandInt(c.Int(0), c.Int(1))),
        GoFunction.Variadic("addf", 0, c => (double)c.AnyFrom(0).Aggregate(0m, (sum, v) => sum + Dec(v))),
        GoFunction.Fixed("add1f", 1, c => (double)(Dec(c.Any(0)) + 1)),
        GoFunction.Variadic("subf", 1, c => (double)c.AnyFrom(1).Aggregate(Dec(c.Any(0)), (r, v) => r - Dec(v))),
        GoFunction.Variadic("mulf", 1, c => (double)c.AnyFrom(1).Aggregate(Dec(c.Any(0)), (r, v) => r * Dec(v))),
        GoFunction.Variadic("divf", 1, c => DivideFloat(c)),
        GoFunction.Variadic("maxf", 1, c => c.AnyFrom(0).Select(SprigValues.ToFloat64).Max()),
        GoFunction.Variadic("minf", 1, c => c.AnyFrom(0).Select(SprigValues.ToFloat64).Min()),
    ];

    private static long Divide(long a, long b, bool remainder)
    {
        if (b == 0) throw new TemplateFunctionException("runtime error: integer divide by zero");
        return remainder ? a % b : a / b;
    }

    /// <summary>Sprig's float math goes through shopspring/decimal so that 0.1 + 0.2 is 0.3.</summary>
    private static decimal Dec(object? v)
    {
        var d = SprigValues.ToFloat64(v);
        try
        {
            return double.IsFinite(d) ? decimal.Parse(GoFormat.FormatFloat(d, 'f', -1), System.Globalization.CultureInfo.InvariantCulture) : 0m;
        }
        catch (OverflowException)
        {
            throw new TemplateFunctionException($"{GoFormat.Format(d)} is out of the decimal range of the float functions");
        }
    }

    private static double DivideFloat(FunctionCall c)
    {
        var result = Dec(c.Any(0));
        foreach (var v in c.AnyFrom(1))
        {
            var divisor = Dec(v);
            if (divisor == 0) throw new TemplateFunctionException("decimal division by 0");
            result /= divisor;
        }
        return (double)result;
    }

    private static double Round(FunctionCall c)
    {
        var value = SprigValues.ToFloat64(c.Any(0));
        var places = c.Int(1);
        var roundOn = c.Count > 2 ? SprigValues.ToFloat64(c.Any(2)) : 0.5;
        var pow = Math.Pow(10, places);
        var digit = pow * value;
        var fraction = digit - Math.Truncate(digit);
        return (fraction >= roundOn ? Math.Ceiling(digit) : Math.Floor(digit)) / pow;
    }

    private static long RandInt(long min, long max)
    {
        if (max <= min) throw new TemplateFunctionException("invalid argument to Intn");
        return min + System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, (int)Math.Min(max - min, int.MaxValue));
    }
}
