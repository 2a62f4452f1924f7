using System.Text;
using System.Text.Json.Nodes;
using Hawser.Templates;

namespace Hawser.Core.Tests.Templates;

/// <summary>Arbitrary input never escapes as anything but the engines' own exceptions (no crash, no hang).</summary>
public sealed class TemplateRobustnessTests
{
    private static readonly string[] TemplatePieces =
    [
        "{{", "}}", "{{-", " -}}", "{{/*", "*/}}", " ", "\n", ".", ".a", ".b.c", "$", "$x", ":=", "=", "|", "(", ")", ",",
        "\"s\"", "`r`", "'c'", "1", "-2", "3.5", "0x1f", "1e3", "true", "nil", "if", "else", "end", "range", "with",
        "define \"d\"", "template \"d\"", "block \"b\" .", "break", "continue", "and", "or", "not", "len", "index",
        "slice", "printf \"%d %s %v\"", "eq", "lt", "call", "default", "toJson", "fromJson", "dict", "list", "until 3",
        "add", "div", "regexFind \"[\"", "semver", "toYaml", "fromYaml", "b64dec", "trunc", "substr", "repeat 2",
        "text", "{{ .a }}", "{{ range . }}{{ . }}{{ end }}", "{{ index .list 5 }}",
    ];

    private static readonly string[] ExprPieces =
    [
        "app", ".", "?.", "status", "[", "]", "(", ")", "{", "}", "'x'", "\"y\"", "1", "2.5", "nil", "true", "and", "or",
        "not", "!", "==", "!=", "<", ">=", "+", "-", "*", "/", "%", "**", "in", "matches", "contains", "..", "?", ":",
        "??", ",", "#", "len(", "all(", "filter(", "map(", "time.Now()", ".Sub(", ".Minutes()", " ", "[1, 2]", "{a: 1}",
    ];

    [Fact]
    public void Random_templates_fail_only_with_template_exceptions()
    {
        var random = new Random(20261130);
        var data = JsonNode.Parse("""{"a": 1, "b": {"c": [1, "x", null]}, "list": [1, 2, 3]}""");
        var options = GoTemplateOptions.Default with { MaxIterations = 10_000, MaxOutputLength = 100_000 };
        for (var i = 0; i < 3000; i++)
        {
            var text = Compose(random, TemplatePieces, random.Next(1, 14), "");
            try
            {
                GoTemplate.Parse("fuzz", text, options).Execute(data);
            }
            catch (TemplateException)
            {
                // the expected way to fail
            }
        }
    }

    [Fact]
    public void Random_expressions_fail_only_with_expr_exceptions()
    {
        var random = new Random(1130);
        var env = new Dictionary<string, object?>
        {
            ["app"] = JsonNode.Parse("""{"status": {"phase": "Running", "list": [1, 2]}}"""),
            ["time"] = GoTimeFunctions.Create(TimeProvider.System),
        };
        var options = new ExprOptions { MaxIterations = 10_000 };
        for (var i = 0; i < 3000; i++)
        {
            var source = Compose(random, ExprPieces, random.Next(1, 12), " ");
            try
            {
                ExprProgram.Compile(source, options).Evaluate(env);
            }
            catch (ExprException)
            {
                // the expected way to fail
            }
        }
    }

    private static string Compose(Random random, string[] pieces, int count, string separator)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++) sb.Append(pieces[random.Next(pieces.Length)]).Append(separator);
        return sb.ToString();
    }
}
