using System.Text.Json.Nodes;

namespace Hawser.AppSets;

/// <summary>
/// One entry of spec.generators (or a child of a matrix or merge generator). <see cref="Raw"/> keeps the declaration so that
/// the second child of a matrix can be re-read after the first child's parameters are substituted into it.
/// </summary>
/// <param name="Path">The field path, e.g. <c>spec.generators[1].matrix.generators[0]</c>, for messages.</param>
/// <param name="Raw">The generator entry as declared.</param>
/// <param name="Template">The generator's own <c>template</c>, merged over spec.template for its parameter sets.</param>
/// <param name="Selector">The entry's <c>selector</c>: a post-filter on the generated parameters.</param>
public abstract record AppSetGenerator(string Path, JsonObject Raw, JsonObject? Template, LabelSelector? Selector)
{
    /// <summary>The generator's kind as spelled in YAML (<c>list</c>, <c>clusters</c>, <c>git</c>, ...).</summary>
    public abstract string Kind { get; }
}

/// <summary>The <c>list</c> generator: one parameter set per element.</summary>
/// <param name="Elements">list.elements.</param>
/// <param name="ElementsYaml">list.elementsYaml: a YAML list of elements (often produced by a template in a matrix), added after <paramref name="Elements"/>.</param>
public sealed record ListGenerator(string Path, JsonObject Raw, JsonObject? Template, LabelSelector? Selector, IReadOnlyList<JsonObject> Elements, string? ElementsYaml)
    : AppSetGenerator(Path, Raw, Template, Selector)
{
    public override string Kind => "list";
}

/// <summary>The <c>clusters</c> generator: one parameter set per registered cluster (the in-cluster one included) that the selector matches.</summary>
/// <param name="ClusterSelector">clusters.selector on the cluster Secret's labels; null or empty selects every cluster, in-cluster included.</param>
/// <param name="Values">clusters.values: extra parameters <c>values.KEY</c>, themselves templates over the cluster's parameters.</param>
public sealed record ClusterGenerator(string Path, JsonObject Raw, JsonObject? Template, LabelSelector? Selector, LabelSelector? ClusterSelector, IReadOnlyDictionary<string, string> Values)
    : AppSetGenerator(Path, Raw, Template, Selector)
{
    public override string Kind => "clusters";
}

/// <summary>The <c>git</c> generator: directories or files of a repository at a revision.</summary>
/// <param name="RepoUrl">git.repoURL.</param>
/// <param name="Revision">git.revision (default HEAD).</param>
/// <param name="Directories">git.directories: path patterns, some excluding.</param>
/// <param name="Files">git.files: path patterns of YAML/JSON files, some excluding.</param>
/// <param name="Values">git.values: extra parameters <c>values.KEY</c>, templates over the path's parameters.</param>
/// <param name="PathParamPrefix">git.pathParamPrefix: prefixes the <c>path</c> parameters (<c>PREFIX.path</c>).</param>
public sealed record GitGenerator(
    string Path,
    JsonObject Raw,
    JsonObject? Template,
    LabelSelector? Selector,
    string RepoUrl,
    string Revision,
    IReadOnlyList<GitPathPattern> Directories,
    IReadOnlyList<GitPathPattern> Files,
    IReadOnlyDictionary<string, string> Values,
    string? PathParamPrefix)
    : AppSetGenerator(Path, Raw, Template, Selector)
{
    public override string Kind => "git";
}

/// <summary>A path pattern of the git generator (<c>*</c> within a folder, <c>**</c> across folders, <c>?</c>, <c>[...]</c>, <c>{a,b}</c>).</summary>
public sealed record GitPathPattern(string Pattern, bool Exclude);

/// <summary>The <c>matrix</c> generator: every combination of its two children's parameter sets; the second child may use the first's parameters.</summary>
public sealed record MatrixGenerator(string Path, JsonObject Raw, JsonObject? Template, LabelSelector? Selector, IReadOnlyList<AppSetGenerator> Children)
    : AppSetGenerator(Path, Raw, Template, Selector)
{
    public override string Kind => "matrix";
}

/// <summary>The <c>merge</c> generator: the first child's parameter sets, each overridden by the sets of later children with equal merge keys.</summary>
public sealed record MergeGenerator(string Path, JsonObject Raw, JsonObject? Template, LabelSelector? Selector, IReadOnlyList<AppSetGenerator> Children, IReadOnlyList<string> MergeKeys)
    : AppSetGenerator(Path, Raw, Template, Selector)
{
    public override string Kind => "merge";
}

/// <summary>A generator Hawser does not support (<c>scmProvider</c>, <c>pullRequest</c>, <c>clusterDecisionResource</c>, <c>plugin</c>): generating reports it as a condition.</summary>
public sealed record UnsupportedGenerator(string Path, JsonObject Raw, JsonObject? Template, LabelSelector? Selector, string Name)
    : AppSetGenerator(Path, Raw, Template, Selector)
{
    public override string Kind => Name;
}
