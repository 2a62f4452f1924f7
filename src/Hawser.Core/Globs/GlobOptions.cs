namespace Hawser.Globs;

/// <summary>What <c>**</c> means in a <see cref="Glob"/>.</summary>
internal enum DoubleStar
{
    /// <summary>No special meaning: two stars are two <c>*</c>.</summary>
    None,

    /// <summary>
    /// doublestar-style, as a whole path segment only: <c>**/</c> is any number of folders (none included), a final
    /// <c>/**</c> also matches the folder itself; inside a segment (<c>a**b</c>) it is a plain <c>*</c>.
    /// </summary>
    WholeSegment,

    /// <summary>Anywhere in the pattern <c>**</c> crosses folders, and <c>**/</c> also matches no folder at all.</summary>
    AnyFolders,
}

/// <summary>
/// One glob dialect: the differences between the places Hawser reads globs, each following Argo CD's documented
/// behaviour for that feature. Matching is always ordinal and case-sensitive.
/// </summary>
/// <param name="Noun">How error messages call the pattern (<c>glob</c>, <c>path pattern</c>).</param>
/// <param name="StarOnly">Only <c>*</c> is special (any run of characters); everything else is literal and no pattern is malformed.</param>
/// <param name="StarCrossesSlash">Whether <c>*</c>, <c>?</c> and negated classes match <c>/</c>.</param>
/// <param name="DoubleStar">What <c>**</c> means.</param>
/// <param name="Braces">Whether <c>{a,b}</c> lists alternatives.</param>
/// <param name="IgnoreLeadingSlash">Whether leading <c>/</c>s are dropped (paths relative to a repository root).</param>
internal sealed record GlobOptions(string Noun, bool StarOnly, bool StarCrossesSlash, DoubleStar DoubleStar, bool Braces, bool IgnoreLeadingSlash)
{
    /// <summary>
    /// ApplicationSet git generator <c>directories</c>/<c>files</c> paths: Go's <c>path.Match</c> with <c>{a,b}</c> and
    /// doublestar-style <c>**</c>; a leading <c>/</c> is ignored.
    /// </summary>
    public static readonly GlobOptions GitGeneratorPath =
        new("path pattern", StarOnly: false, StarCrossesSlash: false, DoubleStar.WholeSegment, Braces: true, IgnoreLeadingSlash: true);

    /// <summary>Application <c>directory.include</c>/<c>exclude</c> (gobwas/glob without separators): every wildcard crosses <c>/</c>.</summary>
    public static readonly GlobOptions DirectoryFilter =
        new("glob", StarOnly: false, StarCrossesSlash: true, DoubleStar.None, Braces: true, IgnoreLeadingSlash: false);

    /// <summary>Config management plugin <c>discover.fileName</c>: Go's <c>filepath.Glob</c>, no braces.</summary>
    public static readonly GlobOptions PluginFileName =
        new("glob", StarOnly: false, StarCrossesSlash: false, DoubleStar.None, Braces: false, IgnoreLeadingSlash: false);

    /// <summary>Config management plugin <c>discover.find.glob</c>: <see cref="PluginFileName"/> where <c>**</c> crosses folders.</summary>
    public static readonly GlobOptions PluginFindGlob = PluginFileName with { DoubleStar = DoubleStar.AnyFolders };

    /// <summary>
    /// Group and kind wildcards of argocd-cm keys and entries (health customizations such as <c>*.example.com/*</c>,
    /// ignore rules, resource exclusions): <c>*</c> is any run of characters, nothing else is special.
    /// </summary>
    public static readonly GlobOptions ResourceWildcard =
        new("glob", StarOnly: true, StarCrossesSlash: true, DoubleStar.None, Braces: false, IgnoreLeadingSlash: false);
}
