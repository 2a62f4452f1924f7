using System.Text.Json.Nodes;
using Hawser.Templates;

namespace Hawser.Core.Tests.Templates;

/// <summary>Go text/template semantics, one row per case; expected outputs are what Go's text/template prints.</summary>
public sealed class GoTemplateTests
{
    private const string Data = """
        {
          "name": "guestbook", "empty": "", "zero": 0, "one": 1, "half": 0.5, "big": 1000000, "huge": 1e21,
          "small": 0.00001, "pi": 3.14159, "t": true, "f": false, "nothing": null,
          "list": ["a", "b", "c"], "nums": [3, 1, 2], "emptyList": [], "emptyMap": {},
          "map": {"b": 2, "a": 1, "c": 3},
          "app": {"metadata": {"name": "web", "labels": {"env": "prod", "team/owner": "ops"}}, "spec": {"replicas": 3}},
          "nested": [[1, 2], [3, 4]],
          "items": [{"name": "x", "on": true}, {"name": "y", "on": false}, {"name": "z", "on": true}]
        }
        """;

    private static string Run(string template, string json = Data, GoTemplateOptions? options = null) =>
        GoTemplate.Parse("t", template, options).Execute(JsonNode.Parse(json));

    [Theory]
    // text, actions and fields
    [InlineData("hello", "hello")]
    [InlineData("{{.name}}", "guestbook")]
    [InlineData("{{.app.metadata.name}}", "web")]
    [InlineData("{{ .app.metadata.labels.env }}", "prod")]
    [InlineData("{{index .app.metadata.labels \"team/owner\"}}", "ops")]
    [InlineData("{{(.app.metadata).name}}", "web")]
    [InlineData("{{.}}", "map[app:map[metadata:map[labels:map[env:prod team/owner:ops] name:web] spec:map[replicas:3]] big:1e+06 empty: emptyList:[] emptyMap:map[] f:false half:0.5 huge:1e+21 items:[map[name:x on:true] map[name:y on:false] map[name:z on:true]] list:[a b c] map:map[a:1 b:2 c:3] name:guestbook nested:[[1 2] [3 4]] nothing:<nil> nums:[3 1 2] one:1 pi:3.14159 small:1e-05 t:true zero:0]")]
    [InlineData("{{.list}}", "[a b c]")]
    [InlineData("{{.map}}", "map[a:1 b:2 c:3]")]
    // missing keys and nil
    [InlineData("{{.missing}}", "<no value>")]
    [InlineData("{{.missing.deeper}}", "<no value>")]
    [InlineData("{{.nothing}}", "<no value>")]
    [InlineData("{{if .missing}}yes{{else}}no{{end}}", "no")]
    [InlineData("{{index .map \"zz\"}}", "<no value>")]
    // numbers print as Go prints float64 values decoded from JSON
    [InlineData("{{.one}} {{.zero}} {{.half}} {{.big}} {{.huge}} {{.small}} {{.pi}}", "1 0 0.5 1e+06 1e+21 1e-05 3.14159")]
    [InlineData("{{.app.spec.replicas}}", "3")]
    [InlineData("{{1.0}} {{1e3}} {{0x10}} {{-5}} {{'a'}} {{1_000}} {{0o17}} {{017}} {{0b101}}", "1 1000 16 -5 97 1000 15 15 5")]
    [InlineData("{{123456.7}} {{1234567.0}} {{0.0001}} {{100000.0}}", "123456.7 1.234567e+06 0.0001 100000")]
    // literals
    [InlineData("{{\"a\\tb\"}}|{{`raw\\n`}}|{{true}}|{{false}}", "a\tb|raw\\n|true|false")]
    // whitespace trimming
    [InlineData("a  {{- \"b\" -}}  c", "abc")]
    [InlineData("a\n  {{- .name}}\n", "aguestbook\n")]
    [InlineData("{{23 -}} < {{- 45}}", "23<45")]
    [InlineData("x {{/* a comment */}} y", "x  y")]
    [InlineData("x {{- /* a comment */ -}} y", "xy")]
    [InlineData("{{- range .list }}\n- {{ . }}\n{{- end }}", "\n- a\n- b\n- c")]
    // if / else if / with
    [InlineData("{{if .t}}T{{end}}", "T")]
    [InlineData("{{if .f}}T{{else}}F{{end}}", "F")]
    [InlineData("{{if .zero}}a{{else if .empty}}b{{else if .list}}c{{else}}d{{end}}", "c")]
    [InlineData("{{if .emptyList}}a{{else if .emptyMap}}b{{else}}c{{end}}", "c")]
    [InlineData("{{with .app.metadata}}{{.name}}{{end}}", "web")]
    [InlineData("{{with .missing}}x{{else}}none{{end}}", "none")]
    [InlineData("{{with .missing}}x{{else with .name}}{{.}}{{end}}", "guestbook")]
    [InlineData("{{with $x := .name}}{{$x}}{{end}}", "guestbook")]
    // range
    [InlineData("{{range .list}}{{.}},{{end}}", "a,b,c,")]
    [InlineData("{{range $i, $e := .list}}{{$i}}={{$e}} {{end}}", "0=a 1=b 2=c ")]
    [InlineData("{{range $e := .list}}{{$e}}{{end}}", "abc")]
    [InlineData("{{range $k, $v := .map}}{{$k}}:{{$v}} {{end}}", "a:1 b:2 c:3 ")]
    [InlineData("{{range .map}}{{.}}{{end}}", "123")]
    [InlineData("{{range .emptyList}}x{{else}}empty{{end}}", "empty")]
    [InlineData("{{range .missing}}x{{else}}none{{end}}", "none")]
    [InlineData("{{range 3}}{{.}}{{end}}", "012")]
    [InlineData("{{range .list}}{{if eq . \"b\"}}{{break}}{{end}}{{.}}{{end}}", "a")]
    [InlineData("{{range .list}}{{if eq . \"b\"}}{{continue}}{{end}}{{.}}{{end}}", "ac")]
    [InlineData("{{range .items}}{{if .on}}{{.name}}{{end}}{{end}}", "xz")]
    [InlineData("{{range .nested}}[{{range .}}{{.}}{{end}}]{{end}}", "[12][34]")]
    [InlineData("{{range $i, $e := .items}}{{$.name}}-{{$i}}-{{$e.name}} {{end}}", "guestbook-0-x guestbook-1-y guestbook-2-z ")]
    // variables and scoping
    [InlineData("{{$x := 1}}{{$x}}{{$x = 2}}{{$x}}", "12")]
    [InlineData("{{$x := \"out\"}}{{if true}}{{$x := \"in\"}}{{$x}}{{end}}{{$x}}", "inout")]
    [InlineData("{{$x := \"out\"}}{{if true}}{{$x = \"in\"}}{{end}}{{$x}}", "in")]
    [InlineData("{{$n := 0}}{{range .list}}{{$n = add $n 1}}{{end}}{{$n}}", "3")]
    [InlineData("{{with .app}}{{$.name}}/{{.metadata.name}}{{end}}", "guestbook/web")]
    [InlineData("{{$m := .app.metadata}}{{$m.labels.env}}", "prod")]
    // define / template / block
    [InlineData("{{define \"T1\"}}ONE{{end}}{{define \"T2\"}}TWO {{template \"T1\"}}{{end}}{{template \"T2\"}}", "TWO ONE")]
    [InlineData("{{define \"name\"}}<{{.}}>{{end}}{{template \"name\" .name}}", "<guestbook>")]
    [InlineData("{{define \"root\"}}{{$.name}}{{end}}{{template \"root\" .}}", "guestbook")]
    [InlineData("{{define \"nodot\"}}{{.}}{{end}}{{template \"nodot\"}}", "<no value>")]
    [InlineData("{{block \"b\" .name}}[{{.}}]{{end}}", "[guestbook]")]
    [InlineData("{{define \"list\"}}{{range .}}{{template \"item\" .}}{{end}}{{end}}{{define \"item\"}}({{.}}){{end}}{{template \"list\" .list}}", "(a)(b)(c)")]
    // pipelines and parentheses
    [InlineData("{{.name | printf \"%s!\"}}", "guestbook!")]
    [InlineData("{{\"x\" | printf \"%s%s\" \"y\"}}", "yx")]
    [InlineData("{{printf \"%d-%s\" (len .list) (index .list 1)}}", "3-b")]
    [InlineData("{{(index .nested 1) | len}}", "2")]
    // and / or: Go's first empty / non-empty argument, short-circuit
    [InlineData("{{and 1 0 \"x\"}}", "0")]
    [InlineData("{{and 1 2 3}}", "3")]
    [InlineData("{{or 0 \"\" \"x\" \"y\"}}", "x")]
    [InlineData("{{or 0 \"\"}}", "")]
    [InlineData("{{and false (index .list 99)}}", "false")]
    [InlineData("{{or true (index .list 99)}}", "true")]
    [InlineData("{{and .missing .name}}", "<no value>")]
    [InlineData("{{if and .t (not .f)}}yes{{end}}", "yes")]
    [InlineData("{{not 0}} {{not \"a\"}} {{not .missing}}", "true false true")]
    // len, index, slice
    [InlineData("{{len .list}} {{len .map}} {{len .name}} {{len \"é\"}}", "3 3 9 2")]
    [InlineData("{{index .nested 1 0}}", "3")]
    [InlineData("{{index .list 2}}", "c")]
    [InlineData("{{index \"abc\" 1}}", "98")]
    [InlineData("{{slice .list 1}} {{slice .list 1 2}}", "[b c] [b]")]
    // comparisons
    [InlineData("{{eq .name \"guestbook\"}} {{eq 1 2 3 1}} {{ne 1 2}} {{lt 1 2}} {{le 2 2}} {{gt \"b\" \"a\"}} {{ge 1.5 2.5}}", "true true true true true true false")]
    [InlineData("{{eq .app.spec.replicas 3.0}}", "true")]
    [InlineData("{{eq .missing \"x\"}} {{eq .missing nil}}", "false true")]
    [InlineData("{{if eq .name \"a\" \"guestbook\"}}match{{end}}", "match")]
    // print family and escapes
    [InlineData("{{print 1 2 \"a\" \"b\" 3}}", "1 2ab3")]
    [InlineData("{{println 1 \"a\"}}", "1 a\n")]
    [InlineData("{{html \"<a href='x'>&\\\"</a>\"}}", "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;")]
    [InlineData("{{js \"it's <b> \\\"q\\\" & =\"}}", "it\\'s \\u003Cb\\u003E \\\"q\\\" \\u0026 \\u003D")]
    [InlineData("{{urlquery \"a b&c=d/é\"}}", "a+b%26c%3Dd%2F%C3%A9")]
    public void Executes_as_go_text_template(string template, string expected)
    {
        Assert.Equal(expected, Run(template));
    }

    [Theory]
    [InlineData("%s", "x", "x")]
    [InlineData("%d", 42L, "42")]
    [InlineData("%5d|", 42L, "   42|")]
    [InlineData("%-5d|", 42L, "42   |")]
    [InlineData("%05d", 42L, "00042")]
    [InlineData("%05d", -42L, "-0042")]
    [InlineData("%x", 255L, "ff")]
    [InlineData("%X", 255L, "FF")]
    [InlineData("%#x", 255L, "0xff")]
    [InlineData("%o", 255L, "377")]
    [InlineData("%b", 5L, "101")]
    [InlineData("%v", 1.5, "1.5")]
    [InlineData("%f", 3.14159, "3.141590")]
    [InlineData("%.2f", 3.14159, "3.14")]
    [InlineData("%5.2f", 3.14159, " 3.14")]
    [InlineData("%e", 123456.789, "1.234568e+05")]
    [InlineData("%g", 0.000012345, "1.2345e-05")]
    [InlineData("%.3g", 1234.5678, "1.23e+03")]
    [InlineData("%q", "a\"b\n", "\"a\\\"b\\n\"")]
    [InlineData("%t", true, "true")]
    [InlineData("%T", 1.5, "float64")]
    [InlineData("%x", "hi", "6869")]
    [InlineData("%.2s", "abcdef", "ab")]
    [InlineData("%8s|", "ab", "      ab|")]
    [InlineData("%-8s|", "ab", "ab      |")]
    [InlineData("%v", 1e21, "1e+21")]
    [InlineData("%v", 100000.0, "100000")]
    [InlineData("%.1f", 0.05, "0.1")]
    [InlineData("%6.2f|", -1.5, " -1.50|")]
    [InlineData("%v", -0.0, "-0")]
    [InlineData("%+d", 5L, "+5")]
    [InlineData("%c", 65L, "A")]
    [InlineData("%U", 65L, "U+0041")]
    [InlineData("%d", "str", "%!d(string=str)")]
    [InlineData("%s", 5L, "%!s(int=5)")]
    [InlineData("%d %d", 5L, "5 %!d(MISSING)")]
    [InlineData("100%%", 5L, "100%%!(EXTRA int=5)")]
    [InlineData("%v", null, "<nil>")]
    public void Printf_formats_verbs_as_go(string format, object? value, string expected)
    {
        var template = GoTemplate.Parse("t", "{{printf .format .value}}");
        var data = new Dictionary<string, object?> { ["format"] = format, ["value"] = value };
        Assert.Equal(expected, template.Execute(data));
    }

    [Theory]
    [InlineData("{{.missing}}", "missingkey=error", "template: t:1:2: executing \"t\" at <.missing>: map has no entry for key \"missing\"")]
    [InlineData("{{.app.nope}}", "missingkey=error", "template: t:1:6: executing \"t\" at <.app.nope>: map has no entry for key \"nope\"")]
    [InlineData("{{.missing.deeper}}", "missingkey=zero", "template: t:1:10: executing \"t\" at <.missing.deeper>: nil pointer evaluating interface {}.deeper")]
    [InlineData("{{.nothing.x}}", "missingkey=default", "template: t:1:10: executing \"t\" at <.nothing.x>: nil pointer evaluating interface {}.x")]
    [InlineData("a\n{{index .list 99}}", "missingkey=default", "template: t:2:2: executing \"t\" at <index .list 99>: error calling index: index out of range: 99")]
    [InlineData("{{.name.x}}", "missingkey=default", "template: t:1:7: executing \"t\" at <.name.x>: can't evaluate field x in type string")]
    [InlineData("{{template \"nope\"}}", "missingkey=default", "template: t:1:11: executing \"t\" at <{{template \"nope\"}}>: template \"nope\" not defined")]
    [InlineData("{{eq .app.spec.replicas 3}}", "missingkey=default", "template: t:1:2: executing \"t\" at <eq .app.spec.replicas 3>: error calling eq: incompatible types for comparison")]
    [InlineData("{{range .name}}{{end}}", "missingkey=default", "template: t:1:8: executing \"t\" at <{{range .name}}{{end}}>: range can't iterate over guestbook")]
    [InlineData("{{define \"x\"}}\n{{.a.b}}{{end}}{{template \"x\" .app}}", "missingkey=error", "template: t:2:4: executing \"x\" at <.a.b>: map has no entry for key \"a\"")]
    [InlineData("{{upper .one}}", "missingkey=default", "template: t:1:8: executing \"t\" at <.one>: wrong type for value; expected string; got float64")]
    [InlineData("{{len 3}}", "missingkey=default", "template: t:1:2: executing \"t\" at <len 3>: error calling len: len of type int")]
    [InlineData("{{.name 1}}", "missingkey=default", "template: t:1:2: executing \"t\" at <.name>: name is not a method but has arguments")]
    public void Execution_errors_name_template_line_column_and_node_as_go(string template, string option, string expected)
    {
        var options = GoTemplateOptions.Default.WithGoOptions([option]);
        var e = Assert.Throws<TemplateException>(() => Run(template, Data, options));
        Assert.Equal(expected, e.Message);
    }

    [Theory]
    [InlineData("{{.x", "template: t:1: unclosed action")]
    [InlineData("{{if .x}}a", "template: t:1: unexpected EOF")]
    [InlineData("{{end}}", "template: t:1: unexpected {{end}}")]
    [InlineData("{{nope 1}}", "template: t:1: function \"nope\" not defined")]
    [InlineData("{{$x}}", "template: t:1: undefined variable \"$x\"")]
    [InlineData("a\n{{break}}", "template: t:2: {{break}} outside {{range}}")]
    [InlineData("{{/* open", "template: t:1: unclosed comment")]
    [InlineData("{{.x | 3}}", "template: t:1: non executable command in pipeline stage 2")]
    [InlineData("{{define \"a\"}}x{{end}}{{define \"a\"}}y{{end}}", "template: t:1: template: multiple definition of template \"a\"")]
    [InlineData("{{range $i, $v, $w := .}}{{end}}", "template: t:1: too many declarations in range")]
    [InlineData("{{3x}}", "template: t:1: bad number syntax: \"3x\"")]
    public void Parse_errors_name_template_and_line(string template, string expected)
    {
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("t", template));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void Missing_key_zero_prints_no_value_for_interface_maps_as_go()
    {
        var options = GoTemplateOptions.Default.WithGoOptions(["missingkey=zero"]);
        Assert.Equal("<no value>", Run("{{.missing}}", Data, options));
    }

    [Fact]
    public void Unknown_go_option_is_rejected_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => GoTemplateOptions.Default.WithGoOptions(["missingkey=maybe"]));
        Assert.Contains("missingkey=maybe", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recursive_templates_stop_at_the_depth_limit_with_a_clear_error()
    {
        var template = GoTemplate.Parse("t", "{{define \"r\"}}{{template \"r\" .}}{{end}}{{template \"r\" .}}");
        var e = Assert.Throws<TemplateException>(() => template.Execute(null));
        Assert.Contains("exceeded maximum template depth (200)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Range_iterations_are_bounded()
    {
        var options = GoTemplateOptions.Default with { MaxIterations = 1000 };
        var e = Assert.Throws<TemplateException>(() => Run("{{range 100000000}}{{end}}", "{}", options));
        Assert.Contains("more than 1000 iterations", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_length_is_bounded()
    {
        var options = GoTemplateOptions.Default with { MaxOutputLength = 100 };
        var e = Assert.Throws<TemplateException>(() => Run("{{range 1000}}xxxxxxxxxx{{end}}", "{}", options));
        Assert.Contains("output longer than the limit of 100 characters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_parentheses_fail_to_parse_instead_of_overflowing_the_stack()
    {
        var text = "{{" + new string('(', 5000) + "1" + new string(')', 5000) + "}}";
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("t", text));
        Assert.Contains("nesting too deep", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Named_define_can_be_executed_directly()
    {
        var template = GoTemplate.Parse("set", "{{define \"greet\"}}hi {{.}}{{end}}");
        Assert.Equal("hi you", template.ExecuteTemplate("greet", "you"));
        Assert.Contains("greet", template.TemplateNames);
    }

    [Fact]
    public void Functions_in_data_are_called_with_call_and_extra_functions_by_name()
    {
        var data = new Dictionary<string, object?>
        {
            ["repo"] = new Dictionary<string, object?>
            {
                ["RepoURLToHTTPS"] = new TemplateFunction(args => "https://" + ((string)args[0]!).Replace("git@", "", StringComparison.Ordinal).Replace(':', '/')),
            },
            ["url"] = "git@github.com:org/repo.git",
        };
        var options = GoTemplateOptions.Default with
        {
            Functions = new Dictionary<string, TemplateFunction> { ["shout"] = args => ((string)args[0]!).ToUpperInvariant() + "!" },
        };
        var template = GoTemplate.Parse("t", "{{ call .repo.RepoURLToHTTPS .url }} {{ shout \"hi\" }}", options);
        Assert.Equal("https://github.com/org/repo.git HI!", template.Execute(data));
    }

    [Fact]
    public void A_function_error_is_reported_as_go_reports_it()
    {
        var options = GoTemplateOptions.Default with
        {
            Functions = new Dictionary<string, TemplateFunction> { ["fail"] = _ => throw new TemplateFunctionException("boom") },
        };
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("t", "{{fail}}", options).Execute(null));
        Assert.Equal("template: t:1:2: executing \"t\" at <fail>: error calling fail: boom", e.Message);
    }

    [Fact]
    public void Times_and_durations_have_go_methods()
    {
        var data = new Dictionary<string, object?>
        {
            ["start"] = new DateTimeOffset(2024, 3, 5, 14, 7, 9, TimeSpan.Zero),
            ["end"] = new DateTimeOffset(2024, 3, 5, 15, 37, 9, TimeSpan.Zero),
        };
        var template = GoTemplate.Parse("t", "{{.start.Format \"2006-01-02T15:04:05Z07:00 Jan _2 Mon 3PM\"}}|{{(.end.Sub .start).Minutes}}|{{.end.Sub .start}}|{{.start}}");
        Assert.Equal("2024-03-05T14:07:09Z Mar  5 Tue 2PM|90|1h30m0s|2024-03-05 14:07:09 +0000 UTC", template.Execute(data));
    }

    [Fact]
    public void Plain_dotnet_data_keeps_integers_as_go_ints()
    {
        var data = new Dictionary<string, object?> { ["n"] = 3, ["xs"] = new[] { 1, 2 }, ["f"] = 2.5 };
        Assert.Equal("3 [1 2] 2.5 true", GoTemplate.Parse("t", "{{.n}} {{.xs}} {{.f}} {{eq .n 3}}").Execute(data));
    }

    [Fact]
    public void Sets_of_maps_made_by_templates_do_not_change_the_callers_data()
    {
        var node = JsonNode.Parse("""{"m": {"a": "1"}}""");
        GoTemplate.Parse("t", "{{ $_ := set .m \"a\" \"2\" }}").Execute(node);
        Assert.Equal("1", node!["m"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public void Kubernetes_unstructured_numbers_keep_integers_as_int64()
    {
        var options = GoTemplateOptions.Default with { JsonNumbers = JsonNumbers.Int64ForIntegers };
        var data = JsonNode.Parse("""{"replicas": 3, "ratio": 0.5, "whole": 2.0, "big": 1000000}""");
        Assert.Equal("3 0.5 2 1000000 true int float64", GoTemplate.Parse("t", "{{.replicas}} {{.ratio}} {{.whole}} {{.big}} {{eq .replicas 3}} {{printf \"%T\" .replicas}} {{printf \"%T\" .whole}}", options).Execute(data));
    }

    [Fact]
    public void Every_documented_function_exists_and_every_function_is_documented()
    {
        var doc = File.ReadAllText(Path.Combine(Hawser.Testing.RepositoryPaths.Root, "docs", "templates.md"));
        var functions = doc[doc.IndexOf("## Functions", StringComparison.Ordinal)..doc.IndexOf("### Not supported", StringComparison.Ordinal)];
        var unsupported = doc[doc.IndexOf("### Not supported", StringComparison.Ordinal)..doc.IndexOf("## Using the engine", StringComparison.Ordinal)];
        var defined = FunctionTable.LibraryNames.Concat(FunctionTable.BuiltinNames).ToHashSet(StringComparer.Ordinal);
        var documented = System.Text.RegularExpressions.Regex.Matches(functions, "`([A-Za-z_][A-Za-z0-9_]*)`").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        documented.ExceptWith(["maxLength", "smartTruncate", "false"]);
        Assert.Empty(defined.Except(documented).Order(StringComparer.Ordinal));
        Assert.Empty(documented.Except(defined).Order(StringComparer.Ordinal));
        var missing = System.Text.RegularExpressions.Regex.Matches(unsupported, "`([A-Za-z_][A-Za-z0-9_]*)`").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(missing);
        Assert.All(missing, name => Assert.DoesNotContain(name, defined));
    }
}
