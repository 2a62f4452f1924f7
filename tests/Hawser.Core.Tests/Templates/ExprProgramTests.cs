using System.Text.Json.Nodes;
using Hawser.Templates;

namespace Hawser.Core.Tests.Templates;

/// <summary>expr-lang semantics for Argo CD notification trigger conditions, one row per case.</summary>
public sealed class ExprProgramTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 6, 12, 0, 0, TimeSpan.Zero);

    private const string App = """
        {
          "metadata": {"name": "guestbook", "labels": {"env": "prod"}, "annotations": {"notified.notifications.argoproj.io": ""}},
          "spec": {"source": {"repoURL": "https://github.com/org/repo.git"}},
          "status": {
            "sync": {"status": "Synced", "revision": "abc123"},
            "health": {"status": "Healthy"},
            "operationState": {"phase": "Succeeded", "startedAt": "2024-05-06T11:50:00Z", "finishedAt": "2024-05-06T11:58:30Z",
                               "syncResult": {"resources": [{"kind": "Deployment", "status": "Synced"}, {"kind": "Service", "status": "SyncFailed"}]}},
            "conditions": [{"type": "SyncError", "message": "boom"}],
            "replicas": 3
          }
        }
        """;

    private static object? Evaluate(string source, string app = App)
    {
        var options = new ExprOptions { TimeProvider = new FixedClock(Now) };
        var env = new Dictionary<string, object?>
        {
            ["app"] = JsonNode.Parse(app),
            ["time"] = GoTimeFunctions.Create(new FixedClock(Now)),
        };
        return ExprProgram.Compile(source, options).Evaluate(env);
    }

    [Theory]
    // Argo CD's catalog triggers
    [InlineData("app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'", true)]
    [InlineData("app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']", false)]
    [InlineData("app.status.operationState.phase in ['Running']", false)]
    [InlineData("app.status.sync.status == 'Unknown'", false)]
    [InlineData("app.status.health.status == 'Degraded'", false)]
    [InlineData("app.status.operationState.phase not in ['Running', 'Error']", true)]
    // time functions and Go methods
    [InlineData("time.Now().Sub(time.Parse(app.status.operationState.startedAt)).Minutes() >= 5", true)]
    [InlineData("time.Now().Sub(time.Parse(app.status.operationState.finishedAt)).Minutes() >= 5", false)]
    [InlineData("time.Now().Sub(time.Parse(app.status.operationState.startedAt)) > time.Minute * 9", true)]
    [InlineData("time.Parse(app.status.operationState.finishedAt).After(time.Parse(app.status.operationState.startedAt))", true)]
    [InlineData("time.Now().Format(time.RFC3339) == '2024-05-06T12:00:00Z'", true)]
    // logic, comparison, arithmetic
    [InlineData("not (1 > 2) && !false || false", true)]
    [InlineData("app.status.replicas == 3", true)]
    [InlineData("app.status.replicas + 1 == 4.0", true)]
    [InlineData("7 % 3 == 1 and 2 ** 3 == 8 and 7 / 2 == 3.5", true)]
    [InlineData("'a' + 'b' == 'ab' and 'abc' < 'abd'", true)]
    [InlineData("app.metadata.name matches '^guest' and app.metadata.name contains 'book'", true)]
    [InlineData("app.metadata.name startsWith 'guest' and app.metadata.name endsWith 'book'", true)]
    [InlineData("app.metadata.name not startsWith 'x'", true)]
    [InlineData("app.metadata.labels['env'] == 'prod' and app['metadata']['name'] == 'guestbook'", true)]
    [InlineData("'env' in app.metadata.labels and not ('team' in app.metadata.labels)", true)]
    [InlineData("app.status.missing == nil and app.status.missing?.deeper == nil", true)]
    [InlineData("(app.status.missing ?? 'fallback') == 'fallback'", true)]
    [InlineData("app.status.replicas > 2 ? true : false", true)]
    [InlineData("2 in 1..3 and len(1..3) == 3", true)]
    [InlineData("[1, 2, 3][-1] == 3 and [1, 2, 3][1:] == [2, 3]", true)]
    [InlineData("{a: 1, 'b': 2}.b == 2", true)]
    // builtins and predicates
    [InlineData("len(app.status.conditions) == 1 and len('héllo') == 5", true)]
    [InlineData("any(app.status.operationState.syncResult.resources, {.status == 'SyncFailed'})", true)]
    [InlineData("all(app.status.operationState.syncResult.resources, #.status == 'Synced')", false)]
    [InlineData("none(app.status.conditions, .type == 'ComparisonError')", true)]
    [InlineData("one(app.status.operationState.syncResult.resources, .kind == 'Service')", true)]
    [InlineData("count(app.status.operationState.syncResult.resources, .status == 'Synced') == 1", true)]
    [InlineData("map(filter(app.status.operationState.syncResult.resources, .status != 'Synced'), .kind) == ['Service']", true)]
    [InlineData("filter(1..6, # % 2 == 0) == [2, 4, 6] and map([1, 2], # * 10) == [10, 20]", true)]
    [InlineData("upper('a') == 'A' and lower('B') == 'b' and trim('  x ') == 'x' and split('a,b', ',') == ['a', 'b']", true)]
    [InlineData("int('42') == 42 and float(1) == 1.0 and string(5) == '5' and abs(-2) == 2", true)]
    [InlineData("keys(app.metadata.labels) == ['env'] and join(['a', 'b'], '-') == 'a-b'", true)]
    [InlineData("max(1, 5, 3) == 5 and min([4, 2]) == 2", true)]
    [InlineData("now() == time.Now() and duration('1h30m') == time.Hour + time.Minute * 30", true)]
    [InlineData("date('2024-05-06T11:50:00Z') < now()", true)]
    public void Evaluates_conditions_as_expr(string source, bool expected)
    {
        var program = ExprProgram.Compile(source, new ExprOptions { TimeProvider = new FixedClock(Now) });
        var env = new Dictionary<string, object?>
        {
            ["app"] = JsonNode.Parse(App),
            ["time"] = GoTimeFunctions.Create(new FixedClock(Now)),
        };
        Assert.Equal(expected, program.EvaluateCondition(env));
    }

    [Theory]
    [InlineData("1 + 2", 3L)]
    [InlineData("1 + 2.5", 3.5)]
    [InlineData("10 / 4", 2.5)]
    [InlineData("'x' + app.metadata.name", "xguestbook")]
    [InlineData("app.status.sync.revision", "abc123")]
    [InlineData("app.status.missing", null)]
    [InlineData("1 < 2 ? 'yes' : 'no'", "yes")]
    public void Evaluates_values(string source, object? expected)
    {
        Assert.Equal(expected, Evaluate(source));
    }

    [Theory]
    [InlineData("app.status.operationState.phase ==", "unexpected end of expression (1:35)")]
    [InlineData("a == == b", "unexpected token Operator(\"==\") (1:6)")]
    [InlineData("'open", "literal not terminated (1:6)")]
    [InlineData("1 @ 2", "unrecognized character: U+0040 '@' (1:3)")]
    [InlineData("# > 1", "cannot use pointer accessor outside predicate (1:1)")]
    public void Syntax_errors_name_the_column(string source, string expected)
    {
        var e = Assert.Throws<ExprException>(() => ExprProgram.Compile(source));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app.status.nothing.phase == 'x'", "cannot fetch phase from <nil> (1:20)")]
    [InlineData("app.metadata.name > 1", "invalid operation: string > int (1:19)")]
    [InlineData("app.metadata.name and true", "expected bool, but got string (1:14)")]
    [InlineData("[1][5]", "index out of range: 5 (array length is 1) (1:4)")]
    [InlineData("app.metadata.name()", "name is not a function (it is string) (1:18)")]
    [InlineData("time.Parse('yesterday')", "parsing time \"yesterday\"")]
    public void Runtime_errors_name_the_column(string source, string expected)
    {
        var e = Assert.Throws<ExprException>(() => Evaluate(source));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_condition_that_is_not_a_bool_is_an_error()
    {
        var e = Assert.Throws<ExprException>(() => ExprProgram.Compile("1 + 1").EvaluateCondition(new Dictionary<string, object?>()));
        Assert.Contains("expected bool, but got int", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compiled_program_evaluates_many_environments()
    {
        var program = ExprProgram.Compile("app.status.health.status == 'Healthy'");
        var healthy = new Dictionary<string, object?> { ["app"] = JsonNode.Parse("""{"status":{"health":{"status":"Healthy"}}}""") };
        var degraded = new Dictionary<string, object?> { ["app"] = JsonNode.Parse("""{"status":{"health":{"status":"Degraded"}}}""") };
        Assert.True(program.EvaluateCondition(healthy));
        Assert.False(program.EvaluateCondition(degraded));
        Assert.True(program.EvaluateCondition(healthy));
    }

    [Fact]
    public void Ranges_are_bounded()
    {
        var program = ExprProgram.Compile("len(1..100000000) > 0", new ExprOptions { MaxIterations = 1000 });
        var e = Assert.Throws<ExprException>(() => program.Evaluate(new Dictionary<string, object?>()));
        Assert.Contains("more than 1000 iterations", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_fails_to_compile_instead_of_overflowing_the_stack()
    {
        var source = new string('(', 10000) + "1" + new string(')', 10000);
        var e = Assert.Throws<ExprException>(() => ExprProgram.Compile(source));
        Assert.Contains("nested too deeply", e.Message, StringComparison.Ordinal);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
