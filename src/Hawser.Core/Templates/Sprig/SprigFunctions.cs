namespace Hawser.Templates;

/// <summary>Sprig's generic function map (<c>sprig.GenericFuncMap</c>) as Argo CD exposes it, by group. Not provided:
/// <c>env</c>, <c>expandenv</c>, <c>getHostByName</c> (Argo CD removes them) and the certificate and password
/// helpers (see docs/templates.md).</summary>
internal static class SprigFunctions
{
    public static IEnumerable<GoFunction> All() =>
        SprigStrings.All()
            .Concat(SprigLists.All())
            .Concat(SprigDicts.All())
            .Concat(SprigMath.All())
            .Concat(SprigEncoding.All())
            .Concat(SprigRegex.All())
            .Concat(SprigDates.All())
            .Concat(SprigMisc.All());
}
