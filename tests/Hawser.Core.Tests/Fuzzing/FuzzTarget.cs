using System.Text;
using Hawser.Apps;
using Hawser.Manifests;
using Hawser.Rendering;
using Hawser.Sources;
using Hawser.Templates;

namespace Hawser.Core.Tests.Fuzzing;

/// <summary>
/// One parser of untrusted input and its contract: any input either parses or fails with one of the exceptions the parser
/// documents for bad input (which the CLI and server turn into a clear error); anything else, a hang or a crash is a bug.
/// </summary>
/// <param name="Name">The target's name, also its corpus folder under <c>Fuzzing/corpus/</c>.</param>
/// <param name="Seeds">Valid inputs the mutator starts from.</param>
/// <param name="Parse">Parses one input (as UTF-8 bytes, which most targets decode first) and checks any property beyond "no crash".</param>
/// <param name="IsBadInput">True for the exceptions that report bad input.</param>
internal sealed record FuzzTarget(string Name, IReadOnlyList<string> Seeds, Action<byte[]> Parse, Func<Exception, bool> IsBadInput, bool Bytes = false)
{
    private static string Text(byte[] input) => Encoding.UTF8.GetString(input);

    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("manifests", FuzzSeeds.Manifests, input => ManifestReader.Read(Text(input), "fuzz.yaml"), e => e is ManifestException),
        new("untrusted-bytes", FuzzSeeds.Manifests,
            input => ManifestReader.Read(UntrustedText.Decode(input, "fuzz.yaml", ParseLimits.Default), "fuzz.yaml"), e => e is ManifestException, Bytes: true),
        new("applications", FuzzSeeds.Applications, input => AppDefinition.Read(Text(input), "fuzz.yaml"), e => e is AppDefinitionException or ManifestException),
        new("build-options", FuzzSeeds.BuildOptions, input => KustomizeBuildOptions.Parse(Text(input)), e => e is FormatException),
        new("git-revisions", FuzzSeeds.Revisions, input => CheckRevision(Text(input)), e => e is SourceException),
        new("repo-urls", FuzzSeeds.RepoUrls, input => CheckRepoUrl(Text(input)), _ => false),
        new("go-templates", FuzzSeeds.GoTemplates, input => RunTemplate(Text(input)), e => e is TemplateException or OperationCanceledException),
        new("expr", FuzzSeeds.Expressions, input => RunExpr(Text(input)), e => e is ExprException or OperationCanceledException),
    ];

    public static FuzzTarget Named(string name) => All.Single(t => t.Name == name);

    // An accepted revision can never be read by git as an option or a revision expression.
    private static void CheckRevision(string revision)
    {
        GitRevisions.Validate("https://git.example/config.git", revision);
        Assert.False(revision.StartsWith('-'), $"accepted an option: {revision}");
        Assert.DoesNotContain("..", revision, StringComparison.Ordinal);
        Assert.DoesNotContain(revision, char.IsControl);
        Assert.DoesNotContain(revision, char.IsWhiteSpace);
    }

    // Display never fails, never shows the password of user:password@, and locating never fails.
    private static void CheckRepoUrl(string url)
    {
        var shown = Redaction.DisplayUrl(url);
        var userInfo = System.Text.RegularExpressions.Regex.Match(url, "^[a-z][a-z0-9+.-]*://([^/@:\\s]*):([^/\\r\\n]+)@", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (userInfo.Success && userInfo.Groups[2].Value.Length >= 4 && !url[(userInfo.Length)..].Contains(userInfo.Groups[2].Value, StringComparison.Ordinal))
            Assert.DoesNotContain(userInfo.Groups[2].Value, shown, StringComparison.Ordinal);
        RepositoryLocator.Locate(url, isChart: false, new Dictionary<string, string>(), haveGit: true);
        CacheKeys.Normalise(url);
    }

    private static readonly Dictionary<string, object?> TemplateData = new()
    {
        ["name"] = "web",
        ["path"] = new Dictionary<string, object?> { ["basename"] = "web", ["segments"] = new List<object?> { "apps", "web" } },
        ["values"] = new Dictionary<string, object?> { ["replicas"] = 2L, ["debug"] = true },
        ["items"] = new List<object?> { 1L, 2L, 3L },
    };

    private static void RunTemplate(string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        GoTemplate.Parse("fuzz", text).Execute(TemplateData, timeout.Token);
    }

    private static void RunExpr(string source)
    {
        var program = ExprProgram.Compile(source);
        program.Evaluate(new Dictionary<string, object?>(TemplateData));
    }
}
