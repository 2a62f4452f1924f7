using System.Text.Json.Nodes;
using Hawser.Templates;

namespace Hawser.Core.Tests.Templates;

/// <summary>Sprig's documented examples (masterminds.github.io/sprig) and Argo CD's additions, one row per case.</summary>
public sealed class SprigFunctionTests
{
    private const string Data = """
        {"n": 3, "s": "Hello World", "list": [1, 2, 3], "strs": ["b", "c", "a"], "m": {"a": 1, "b": {"c": "deep"}},
         "empty": "", "path": {"basename": "guestbook"}, "branch": "feature/ABC-123_Fix.Login!"}
        """;

    private static string Run(string template, string json = Data) =>
        GoTemplate.Parse("t", template).Execute(JsonNode.Parse(json));

    [Theory]
    // strings
    [InlineData("{{ trim \"   hello    \" }}", "hello")]
    [InlineData("{{ trimAll \"$\" \"$5.00\" }}", "5.00")]
    [InlineData("{{ trimSuffix \"-\" \"hello-\" }}", "hello")]
    [InlineData("{{ trimPrefix \"-\" \"-hello\" }}", "hello")]
    [InlineData("{{ upper \"hello\" }} {{ lower \"HELLO\" }}", "HELLO hello")]
    [InlineData("{{ title \"hello world\" }}", "Hello World")]
    [InlineData("{{ untitle \"Hello World\" }}", "hello world")]
    [InlineData("{{ repeat 3 \"hello\" }}", "hellohellohello")]
    [InlineData("{{ substr 0 5 \"hello world\" }}", "hello")]
    [InlineData("{{ nospace \"hello w o r l d\" }}", "helloworld")]
    [InlineData("{{ trunc 5 \"hello world\" }}|{{ trunc -5 \"hello world\" }}", "hello|world")]
    [InlineData("{{ abbrev 5 \"hello world\" }}", "he...")]
    [InlineData("{{ abbrevboth 5 10 \"1234 5678 9123\" }}", "...5678...")]
    [InlineData("{{ initials \"First Try\" }}", "FT")]
    [InlineData("{{ wrap 80 \"short\" }}|{{ wrapWith 5 \"\\t\" \"Hello World\" }}", "short|Hello\tWorld")]
    [InlineData("{{ contains \"cat\" \"catch\" }} {{ hasPrefix \"cat\" \"catch\" }} {{ hasSuffix \"cat\" \"catch\" }}", "true true false")]
    [InlineData("{{ quote \"a\" 1 }} {{ squote \"b\" }}", "\"a\" \"1\" 'b'")]
    [InlineData("{{ cat \"hello\" \"beautiful\" \"world\" }}", "hello beautiful world")]
    [InlineData("{{ indent 4 \"a\\nb\" }}", "    a\n    b")]
    [InlineData("x:{{ nindent 2 \"a\" }}", "x:\n  a")]
    [InlineData("{{ \"I Am Henry VIII\" | replace \" \" \"-\" }}", "I-Am-Henry-VIII")]
    [InlineData("{{ len .list | plural \"one anchovy\" \"many anchovies\" }}", "many anchovies")]
    [InlineData("{{ snakecase \"FirstName\" }} {{ snakecase \"HTTPServer\" }}", "first_name http_server")]
    [InlineData("{{ camelcase \"http_server\" }}", "HttpServer")]
    [InlineData("{{ kebabcase \"FirstName\" }}", "first-name")]
    [InlineData("{{ swapcase \"This Is A.Test\" }}", "tHIS iS a.tEST")]
    [InlineData("{{ splitList \"$\" \"foo$bar$baz\" }}", "[foo bar baz]")]
    [InlineData("{{ $a := split \"$\" \"foo$bar$baz\" }}{{ $a._0 }}-{{ $a._2 }}", "foo-baz")]
    [InlineData("{{ $a := splitn \"$\" 2 \"foo$bar$baz\" }}{{ $a._0 }}|{{ $a._1 }}", "foo|bar$baz")]
    [InlineData("{{ list \"hello\" \"world\" | join \"_\" }}", "hello_world")]
    [InlineData("{{ join \",\" .list }}", "1,2,3")]
    [InlineData("{{ sortAlpha .strs }}", "[a b c]")]
    [InlineData("{{ toString 1.5 }} {{ toString .n }} {{ .n | int }} {{ \"42\" | atoi }} {{ \"0x1F\" | int64 }} {{ \"2.5\" | float64 }}", "1.5 3 3 42 31 2.5")]
    [InlineData("{{ toStrings .list }}", "[1 2 3]")]
    // defaults
    [InlineData("{{ .missing | default \"foo\" }}|{{ .empty | default \"bar\" }}|{{ .n | default 5 }}", "foo|bar|3")]
    [InlineData("{{ empty .empty }} {{ empty .n }} {{ empty .missing }} {{ empty (list) }}", "true false true true")]
    [InlineData("{{ coalesce .missing .empty \"x\" }}", "x")]
    [InlineData("{{ true | ternary \"foo\" \"bar\" }} {{ ternary \"foo\" \"bar\" false }}", "foo bar")]
    [InlineData("{{ all 1 \"a\" true }} {{ all 1 \"\" }} {{ any 0 \"\" 2 }} {{ any 0 false }}", "true false true false")]
    // lists
    [InlineData("{{ first .list }} {{ last .list }} {{ rest .list }} {{ initial .list }}", "1 3 [2 3] [1 2]")]
    [InlineData("{{ append .list 4 }} {{ prepend .list 0 }} {{ concat .list (list 7 8) }}", "[1 2 3 4] [0 1 2 3] [1 2 3 7 8]")]
    [InlineData("{{ reverse .list }} {{ list 1 1 1 2 | uniq }} {{ without (list 1 2 3) 2 }} {{ without .list 2 }}", "[3 2 1] [1 2] [1 3] [1 2 3]")]
    [InlineData("{{ has 4 (list 1 2 3 4) }} {{ has \"x\" .strs }}", "true false")]
    [InlineData("{{ list 1 \"a\" \"foo\" \"\" | compact }}", "[1 a foo]")]
    [InlineData("{{ slice .list 1 }} {{ slice .list 1 2 }}", "[2 3] [2]")]
    [InlineData("{{ list 1 2 3 4 5 6 7 8 | chunk 3 }}", "[[1 2 3] [4 5 6] [7 8]]")]
    [InlineData("{{ until 5 }} {{ untilStep 3 6 2 }} {{ seq 5 }} {{ seq 2 -2 }} {{ seq 0 2 10 }}", "[0 1 2 3 4] [3 5] 1 2 3 4 5 2 1 0 -1 -2 0 2 4 6 8 10")]
    [InlineData("{{ mustFirst (list \"a\") }}", "a")]
    // dicts
    [InlineData("{{ $d := dict \"name1\" \"value1\" \"name2\" \"value2\" }}{{ $d.name2 }} {{ get $d \"name1\" }} [{{ get $d \"nope\" }}]", "value2 value1 []")]
    [InlineData("{{ $d := dict \"a\" 1 }}{{ $_ := set $d \"b\" 2 }}{{ $d }} {{ unset $d \"a\" }} {{ hasKey $d \"b\" }}", "map[a:1 b:2] map[b:2] true")]
    [InlineData("{{ pluck \"name1\" (dict \"name1\" \"one\") (dict \"name1\" \"two\") (dict \"x\" 1) }}", "[one two]")]
    [InlineData("{{ dig \"b\" \"c\" \"none\" .m }} {{ dig \"b\" \"z\" \"none\" .m }} {{ dig \"nameSuffix\" \"\" . }}|", "deep none |")]
    [InlineData("{{ $dst := dict \"a\" 1 \"b\" (dict \"x\" 1) }}{{ merge $dst (dict \"a\" 2 \"c\" 3 \"b\" (dict \"y\" 2)) }}", "map[a:1 b:map[x:1 y:2] c:3]")]
    [InlineData("{{ $dst := dict \"a\" 1 \"b\" (dict \"x\" 1) }}{{ mergeOverwrite $dst (dict \"a\" 2 \"b\" (dict \"x\" 5)) }}", "map[a:2 b:map[x:5]]")]
    [InlineData("{{ keys .m }} {{ keys (dict \"z\" 1) (dict \"y\" 2) | sortAlpha }}", "[a b] [y z]")]
    [InlineData("{{ pick .m \"a\" }} {{ omit .m \"a\" }} {{ values (dict \"a\" 1 \"b\" 2) }}", "map[a:1] map[b:map[c:deep]] [1 2]")]
    [InlineData("{{ $c := deepCopy .m }}{{ $_ := set $c \"a\" 9 }}{{ .m.a }}-{{ $c.a }}", "1-9")]
    // math
    [InlineData("{{ add 1 2 3 }} {{ add1 .n }} {{ sub 5 3 }} {{ div 7 2 }} {{ mod 7 2 }} {{ mul 2 3 4 }}", "6 4 2 3 1 24")]
    [InlineData("{{ max 1 5 3 }} {{ min 4 2 8 }} {{ biggest 1 9 }}", "5 2 9")]
    [InlineData("{{ floor 123.9999 }} {{ ceil 123.001 }} {{ round 123.555555 3 }}", "123 124 123.556")]
    [InlineData("{{ addf 1.5 2 2 }} {{ add1f 1.1 }} {{ subf 10 3.3 }} {{ mulf 1.5 2 }} {{ divf 10 4 }} {{ maxf 1 2.5 }} {{ minf 1 2.5 }}", "5.5 2.1 6.7 3 2.5 2.5 1")]
    [InlineData("{{ addf 0.1 0.2 }}", "0.3")]
    [InlineData("{{ add .n 1.9 }}", "4")]
    // encoding and hashes
    [InlineData("{{ b64enc \"hello\" }} {{ b64dec \"aGVsbG8=\" }} {{ b32enc \"hello\" }} {{ b32dec \"NBSWY3DP\" }}", "aGVsbG8= hello NBSWY3DP hello")]
    [InlineData("{{ sha1sum \"Hello world!\" }}", "d3486ae9136e7856bc42212385ea797094475802")]
    [InlineData("{{ sha256sum \"Hello world!\" }}", "c0535e4be2b79ffd93291305436bf889314e4a3faec05ecffcbb7df31ad9e51a")]
    [InlineData("{{ adler32sum \"Hello world!\" }}", "487130206")]
    [InlineData("{{ $e := encryptAES \"secretkey\" \"plaintext\" }}{{ decryptAES \"secretkey\" $e }}", "plaintext")]
    // JSON and YAML
    [InlineData("{{ toJson .m }}", "{\"a\":1,\"b\":{\"c\":\"deep\"}}")]
    [InlineData("{{ toJson (dict \"html\" \"<b>&\" \"big\" 1e21 \"tiny\" 0.0000001) }}", "{\"big\":1e+21,\"html\":\"\\u003cb\\u003e\\u0026\",\"tiny\":1e-7}")]
    [InlineData("{{ toRawJson (dict \"html\" \"<b>&\") }}", "{\"html\":\"<b>&\"}")]
    [InlineData("{{ toPrettyJson (dict \"a\" (list 1 2)) }}", "{\n  \"a\": [\n    1,\n    2\n  ]\n}")]
    [InlineData("{{ $o := fromJson \"{\\\"a\\\": [1, 2.5, \\\"x\\\"]}\" }}{{ index $o.a 1 }} {{ index $o.a 0 }}", "2.5 1")]
    [InlineData("{{ toYaml .m }}", "a: 1\nb:\n  c: deep")]
    [InlineData("{{ toYaml (list \"a\" (dict \"k\" \"v\")) }}", "- a\n- k: v")]
    [InlineData("{{ $v := fromYaml \"replicas: 3\\nimage: nginx\" }}{{ $v.image }}:{{ $v.replicas }}", "nginx:3")]
    [InlineData("{{ range fromYamlArray \"- a\\n- b\" }}{{ . }}{{ end }}", "ab")]
    // regex
    [InlineData("{{ regexMatch \"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\\\.[A-Za-z]{2,}$\" \"test@acme.com\" }}", "true")]
    [InlineData("{{ regexFindAll \"[2,4,6,8]\" \"123456789\" -1 }} {{ regexFindAll \"[2,4,6,8]\" \"123456789\" 2 }}", "[2 4 6 8] [2 4]")]
    [InlineData("{{ regexFind \"[a-zA-Z][1-9]\" \"abcd1234\" }}", "d1")]
    [InlineData("{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"${1}W\" }}", "-W-xxW-")]
    [InlineData("{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"$1W\" }}", "---")]
    [InlineData("{{ regexReplaceAllLiteral \"a(x*)b\" \"-ab-axxb-\" \"${1}\" }}", "-${1}-${1}-")]
    [InlineData("{{ regexSplit \"z+\" \"pizza\" -1 }} {{ regexSplit \"z+\" \"pizza\" 1 }}", "[pi a] [pizza]")]
    [InlineData("{{ regexReplaceAll \"(?P<first>\\\\w+) (?P<last>\\\\w+)\" \"Ada Lovelace\" \"$last, $first\" }}", "Lovelace, Ada")]
    [InlineData("{{ regexQuoteMeta \"1.2.3\" }}", "1\\.2\\.3")]
    // semver
    [InlineData("{{ $v := semver \"1.2.3-alpha.1+123\" }}{{ $v.Major }}.{{ $v.Minor }}.{{ $v.Patch }} {{ $v.Prerelease }} {{ $v.Metadata }}", "1.2.3 alpha.1 123")]
    [InlineData("{{ (semver \"1.4.3\").Compare (semver \"1.4.2\") }}", "1")]
    [InlineData("{{ semverCompare \">=1.2.3\" \"1.2.3\" }} {{ semverCompare \"^1.2.0\" \"1.9.9\" }} {{ semverCompare \"^1.2.0\" \"2.0.0\" }}", "true true false")]
    [InlineData("{{ semverCompare \"~1.2.3\" \"1.2.9\" }} {{ semverCompare \"~1.2.3\" \"1.3.0\" }} {{ semverCompare \"1.2.x\" \"1.2.7\" }}", "true false true")]
    [InlineData("{{ semverCompare \">1.0, <2.0\" \"1.5.0\" }} {{ semverCompare \"<1.0 || >=3\" \"3.1.0\" }} {{ semverCompare \">=1.0\" \"1.5.0-beta\" }}", "true true false")]
    [InlineData("{{ semverCompare \"1.1 - 1.3\" \"1.3.0\" }} {{ semverCompare \"^0.2.3\" \"0.3.0\" }}", "true false")]
    // paths, reflection, misc
    [InlineData("{{ base \"foo/bar/baz\" }} {{ dir \"foo/bar/baz\" }} {{ clean \"foo/bar/../baz\" }} {{ ext \"foo.bar\" }} {{ isAbs \"/x\" }}", "baz foo/bar foo/baz .bar true")]
    [InlineData("{{ typeOf .n }} {{ typeOf (list) }} {{ kindOf .m }} {{ kindIs \"string\" \"x\" }} {{ typeIs \"int\" 1 }} {{ deepEqual (list 1 2) (list 1 2) }}", "float64 []interface {} map true true true")]
    [InlineData("{{ len uuidv4 }}", "36")]
    [InlineData("{{ len (randAlphaNum 8) }} {{ len (randNumeric 3) }}", "8 3")]
    [InlineData("{{ $u := urlParse \"https://user@example.com:8443/a/b?x=1#frag\" }}{{ $u.scheme }} {{ $u.host }} {{ $u.hostname }} {{ $u.path }} {{ $u.query }} {{ $u.fragment }} {{ $u.userinfo }}", "https example.com:8443 example.com /a/b x=1 frag user")]
    [InlineData("{{ urlJoin (dict \"scheme\" \"https\" \"host\" \"example.com\" \"path\" \"/x\" \"query\" \"a=1\") }}", "https://example.com/x?a=1")]
    // Argo CD additions
    [InlineData("{{ normalize \"Guest_Book.Prod!\" }}", "guest-book.prod")]
    [InlineData("{{ normalize .branch }}", "feature-abc-123-fix.login")]
    [InlineData("{{ cat .branch | slugify }}", "feature-abc-123-fix-login")]
    [InlineData("{{ cat .branch | slugify 23 }}", "feature-abc-123-fix")]
    [InlineData("{{ cat .branch | slugify 23 false }}", "feature-abc-123-fix-log")]
    public void Functions_behave_as_documented(string template, string expected)
    {
        Assert.Equal(expected, Run(template));
    }

    [Theory]
    [InlineData("{{ fail \"stop here\" }}", "error calling fail: stop here")]
    [InlineData("{{ first \"abc\" }}", "error calling first: Cannot find first on type string")]
    [InlineData("{{ div 1 0 }}", "error calling div: runtime error: integer divide by zero")]
    [InlineData("{{ mustRegexMatch \"(\" \"x\" }}", "error calling mustRegexMatch: error parsing regexp")]
    [InlineData("{{ semver \"not-a-version\" }}", "error calling semver: Invalid Semantic Version")]
    [InlineData("{{ repeat .n \"x\" }}", "wrong type for value; expected int; got float64")]
    [InlineData("{{ mustFromJson \"{bad\" }}", "error calling mustFromJson:")]
    [InlineData("{{ fromYaml \"- a\" }}", "cannot unmarshal array into Go value of type map[string]interface {}")]
    public void Failing_functions_report_go_errors(string template, string expectedPart)
    {
        var e = Assert.Throws<TemplateException>(() => Run(template));
        Assert.Contains(expectedPart, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeat_cannot_build_a_string_beyond_the_output_bound()
    {
        var options = GoTemplateOptions.Default with { MaxOutputLength = 1000 };
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("t", "{{ repeat 100000000 \"xx\" }}", options).Execute(null));
        Assert.Contains("longer than the limit of 1000 characters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Until_is_bounded_by_the_iteration_budget()
    {
        var options = GoTemplateOptions.Default with { MaxIterations = 100 };
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("t", "{{ until 1000000000 | len }}", options).Execute(null));
        Assert.Contains("more than 100 iterations", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Date_functions_use_go_layouts_and_the_configured_clock()
    {
        var clock = new FixedClock(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero));
        var options = GoTemplateOptions.Default with { TimeProvider = clock };
        var template = GoTemplate.Parse("t", """
            {{ now | date "2006-01-02 15:04:05" }}|{{ dateInZone "Jan 2 2006 15:04 MST" (now) "UTC" }}|{{ toDate "2006-01-02" "2017-12-31" | date "02/01/2006" }}|{{ (toDate "2006-01-02T15:04:05Z07:00" "2024-05-06T06:08:09Z") | ago }}|{{ unixEpoch (now) }}|{{ duration 95 }}|{{ durationRound "2h10m5s" }}|{{ dateModify "-1.5h" (now) | date "15:04" }}|{{ htmlDate 0 }}
            """, options);
        Assert.Equal("2024-05-06 07:08:09|May 6 2024 07:08 UTC|31/12/2017|1h0m0s|1714979289|1m35s|2h|05:38|1970-01-01", template.Execute(null).Trim());
    }

    [Fact]
    public void Env_expandenv_and_get_host_by_name_are_not_defined_as_in_argo_cd()
    {
        foreach (var name in new[] { "env", "expandenv", "getHostByName" })
        {
            var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("t", $"{{{{ {name} \"x\" }}}}"));
            Assert.Contains($"function \"{name}\" not defined", e.Message, StringComparison.Ordinal);
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
