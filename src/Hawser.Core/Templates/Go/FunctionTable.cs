namespace Hawser.Templates;

/// <summary>
/// The functions a template can call, found in Go's order: the caller's extra functions, then the library
/// (Sprig and Argo CD's additions), then text/template's builtins. Only the builtin <c>and</c>/<c>or</c> short-circuit.
/// </summary>
internal sealed class FunctionTable
{
    private static readonly Dictionary<string, GoFunction> Builtins = GoBuiltins.All().ToDictionary(f => f.Name, StringComparer.Ordinal);

    private static readonly Dictionary<string, GoFunction> Library = SprigFunctions.All()
        .Concat(ArgoFunctions.All())
        .ToDictionary(f => f.Name, StringComparer.Ordinal);

    private readonly Dictionary<string, GoFunction> _extra = new(StringComparer.Ordinal);

    public FunctionTable(IReadOnlyDictionary<string, TemplateFunction> extra, JsonNumbers numbers)
    {
        foreach (var (name, function) in extra)
        {
            if (name.Length == 0 || char.IsAsciiDigit(name[0]) || !name.All(c => c == '_' || char.IsLetterOrDigit(c)))
                throw new ArgumentException($"function name \"{name}\" is not a valid identifier", nameof(extra));
            ArgumentNullException.ThrowIfNull(function);
            _extra[name] = GoFunction.Variadic(name, 0, call => GoValue.Import(function([.. call.AnyFrom(0)]), numbers));
        }
    }

    /// <summary>The names of the library functions (Sprig and Argo CD's), for documentation checks.</summary>
    public static IReadOnlyCollection<string> LibraryNames => Library.Keys;

    /// <summary>The names of text/template's builtins.</summary>
    public static IReadOnlyCollection<string> BuiltinNames => Builtins.Keys;

    public GoFunction? Find(string name) =>
        _extra.GetValueOrDefault(name) ?? Library.GetValueOrDefault(name) ?? Builtins.GetValueOrDefault(name);

    public bool Has(string name) => Find(name) is not null;

    public bool IsBuiltin(GoFunction function) =>
        Builtins.TryGetValue(function.Name, out var builtin) && ReferenceEquals(builtin, function);
}
