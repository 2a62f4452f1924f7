namespace Hawser.Templates;

/// <summary>
/// Argo CD notifications' <c>time</c> object for templates (<c>{{ call .time.Now }}</c>) and triggers
/// (<c>time.Now().Sub(time.Parse(app.status.operationState.startedAt)).Minutes() &gt;= 5</c>): <c>Now</c>,
/// <c>Parse</c> (RFC 3339), the duration constants <c>Microsecond</c> … <c>Hour</c> (durations are .NET
/// <see cref="TimeSpan"/>s, 100 ns resolution, so Go's <c>Nanosecond</c> is not offered) and Go's layout constants
/// (<c>RFC3339</c>, <c>RFC1123</c>, <c>Kitchen</c>…).
/// </summary>
public static class GoTimeFunctions
{
    /// <summary>A map to place under the name <c>time</c> in template data or an expr environment.</summary>
    public static IReadOnlyDictionary<string, object?> Create(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Now"] = new TemplateFunction(_ => TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), timeProvider.LocalTimeZone)),
            ["Parse"] = new TemplateFunction(args => args is [string s]
                ? GoTime.Parse(GoTime.RFC3339, s, TimeZoneInfo.Utc)
                : throw new TemplateFunctionException("time.Parse takes one string")),
            ["Microsecond"] = TimeSpan.FromMicroseconds(1),
            ["Millisecond"] = TimeSpan.FromMilliseconds(1),
            ["Second"] = TimeSpan.FromSeconds(1),
            ["Minute"] = TimeSpan.FromMinutes(1),
            ["Hour"] = TimeSpan.FromHours(1),
            ["Layout"] = "01/02 03:04:05PM '06 -0700",
            ["ANSIC"] = "Mon Jan _2 15:04:05 2006",
            ["UnixDate"] = "Mon Jan _2 15:04:05 MST 2006",
            ["RubyDate"] = "Mon Jan 02 15:04:05 -0700 2006",
            ["RFC822"] = "02 Jan 06 15:04 MST",
            ["RFC822Z"] = "02 Jan 06 15:04 -0700",
            ["RFC850"] = "Monday, 02-Jan-06 15:04:05 MST",
            ["RFC1123"] = "Mon, 02 Jan 2006 15:04:05 MST",
            ["RFC1123Z"] = "Mon, 02 Jan 2006 15:04:05 -0700",
            ["RFC3339"] = GoTime.RFC3339,
            ["RFC3339Nano"] = "2006-01-02T15:04:05.999999999Z07:00",
            ["Kitchen"] = "3:04PM",
            ["Stamp"] = "Jan _2 15:04:05",
            ["StampMilli"] = "Jan _2 15:04:05.000",
            ["StampMicro"] = "Jan _2 15:04:05.000000",
            ["StampNano"] = "Jan _2 15:04:05.000000000",
            ["DateTime"] = "2006-01-02 15:04:05",
            ["DateOnly"] = "2006-01-02",
            ["TimeOnly"] = "15:04:05",
        };
    }
}
