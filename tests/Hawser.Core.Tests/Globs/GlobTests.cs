using Hawser.Globs;

namespace Hawser.Core.Tests.Globs;

public sealed class GlobTests
{
    private static readonly Dictionary<string, GlobOptions> Dialects = new(StringComparer.Ordinal)
    {
        ["git"] = GlobOptions.GitGeneratorPath,
        ["directory"] = GlobOptions.DirectoryFilter,
        ["plugin-file"] = GlobOptions.PluginFileName,
        ["plugin-find"] = GlobOptions.PluginFindGlob,
        ["resource"] = GlobOptions.ResourceWildcard,
    };

    [Theory]
    // '*' stays in one folder except in directory include/exclude and resource wildcards.
    [InlineData("git", "*.yaml", "a/b.yaml", false)]
    [InlineData("directory", "*.yaml", "a/b.yaml", true)]
    [InlineData("plugin-file", "*.yaml", "a/b.yaml", false)]
    [InlineData("plugin-find", "*.yaml", "a/b.yaml", false)]
    [InlineData("resource", "*.example.com/*", "a.b.example.com/Kind/Sub", true)]
    [InlineData("git", "*.yaml", "b.yaml", true)]
    [InlineData("plugin-file", "*.yaml", "b.yaml", true)]
    // '?' and negated classes cross '/' only where '*' does; resource wildcards know no '?' nor classes.
    [InlineData("directory", "config-?.json", "config-1.json", true)]
    [InlineData("git", "config-?.json", "config-1.json", true)]
    [InlineData("resource", "config-?.json", "config-1.json", false)]
    [InlineData("resource", "config-?.json", "config-?.json", true)]
    [InlineData("directory", "a?b", "a/b", true)]
    [InlineData("git", "a?b", "a/b", false)]
    [InlineData("plugin-file", "a?b", "a/b", false)]
    [InlineData("directory", "a[!x]b", "a/b", true)]
    [InlineData("git", "a[!x]b", "a/b", false)]
    [InlineData("plugin-find", "a[^x]b", "a/b", false)]
    [InlineData("directory", "[!x]*.yaml", "x1.yaml", false)]
    [InlineData("git", "[^x]", "y", true)]
    [InlineData("plugin-file", "[a-c]", "b", true)]
    [InlineData("resource", "[a-c]", "b", false)]
    [InlineData("resource", "[abc", "[abc", true)]
    [InlineData("git", "[]a]", "]", true)]
    [InlineData("directory", "[]a]", "a", true)]
    // Braces: alternatives in git paths and directory filters, literal in plugin globs and resource wildcards.
    [InlineData("git", "{a,b}/*.yaml", "b/c.yaml", true)]
    [InlineData("directory", "{a,b}/*.yaml", "b/c.yaml", true)]
    [InlineData("directory", "{a,b}/*.yaml", "c/c.yaml", false)]
    [InlineData("directory", "{a,{b,c}d}.yaml", "cd.yaml", true)]
    [InlineData("plugin-file", "{a,b}.cue", "a.cue", false)]
    [InlineData("plugin-find", "{a,b}.cue", "{a,b}.cue", true)]
    [InlineData("plugin-find", "{a,b", "{a,b", true)]
    [InlineData("resource", "{a,b}", "a", false)]
    // '**': whole segments in git paths, anywhere in plugin find globs, a plain '*' elsewhere.
    [InlineData("git", "**/prod/*.yaml", "env/prod/app.yaml", true)]
    [InlineData("plugin-find", "**/prod/*.yaml", "env/prod/app.yaml", true)]
    [InlineData("directory", "**/prod/*.yaml", "env/prod/app.yaml", true)]
    [InlineData("plugin-file", "**/prod/*.yaml", "a/env/prod/app.yaml", false)]
    [InlineData("plugin-find", "**/prod/*.yaml", "a/env/prod/app.yaml", true)]
    [InlineData("git", "**/prod/*.yaml", "prod/app.yaml", true)]
    [InlineData("plugin-find", "**/prod/*.yaml", "prod/app.yaml", true)]
    [InlineData("directory", "**/prod/*.yaml", "prod/app.yaml", false)]
    [InlineData("git", "apps/**", "apps", true)]
    [InlineData("plugin-find", "apps/**", "apps", false)]
    [InlineData("git", "apps/**", "apps/a/b", true)]
    [InlineData("plugin-find", "apps/**", "apps/a/b", true)]
    [InlineData("git", "a**b", "a/c/b", false)]
    [InlineData("plugin-find", "a**b", "a/c/b", true)]
    [InlineData("git", "**", "x/y", true)]
    [InlineData("plugin-find", "**", "x/y", true)]
    [InlineData("plugin-file", "**", "x/y", false)]
    // A leading '/' is ignored only in git paths.
    [InlineData("git", "/envs/*", "envs/prod", true)]
    [InlineData("directory", "/envs/*", "envs/prod", false)]
    // Escapes, except in resource wildcards where '\' is an ordinary character.
    [InlineData("git", "\\*", "*", true)]
    [InlineData("git", "\\*", "x", false)]
    [InlineData("directory", "\\{a\\}", "{a}", true)]
    [InlineData("resource", "\\*", "\\x", true)]
    // Whole text, ordinal and case-sensitive everywhere.
    [InlineData("directory", "a.yaml", "ba.yaml", false)]
    [InlineData("directory", "*.YAML", "a.yaml", false)]
    [InlineData("resource", "Deploy*", "deployment", false)]
    [InlineData("resource", "*", "", true)]
    [InlineData("resource", "apps", "apps2", false)]
    public void Each_dialect_matches_as_argo_cd_does_for_its_feature(string dialect, string pattern, string text, bool expected)
    {
        Assert.Equal(expected, Glob.Parse(pattern, Dialects[dialect]).IsMatch(text));
    }

    [Theory]
    [InlineData("git", "envs/[prod", "path pattern \"envs/[prod\": unterminated '['")]
    [InlineData("git", "envs/[", "path pattern \"envs/[\": unterminated '['")]
    [InlineData("git", "{a,b", "path pattern \"{a,b\": unterminated '{'")]
    [InlineData("git", "envs\\", "path pattern \"envs\\\": ends with an escape")]
    [InlineData("directory", "{a.yaml,b.yaml", "glob \"{a.yaml,b.yaml\": unterminated '{'")]
    [InlineData("directory", "[abc", "glob \"[abc\": unterminated '['")]
    [InlineData("plugin-file", "[z-a]", "glob \"[z-a]\": invalid character class")]
    public void A_malformed_pattern_is_a_format_error_naming_it(string dialect, string pattern, string message)
    {
        var e = Assert.Throws<FormatException>(() => Glob.Parse(pattern, Dialects[dialect]));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Cached_matching_keeps_each_dialect_apart()
    {
        Assert.False(Glob.Matches("a?", "ab", GlobOptions.ResourceWildcard));
        Assert.True(Glob.Matches("a?", "ab", GlobOptions.DirectoryFilter));
        Assert.True(Glob.Matches("a?", "a?", GlobOptions.ResourceWildcard));
    }
}
