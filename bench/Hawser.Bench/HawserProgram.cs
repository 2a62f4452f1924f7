using Hawser.Testing;

namespace Hawser.Bench;

/// <summary>
/// The <c>hawser</c> CLI as users run it: the NativeAOT executable that <c>scripts/bench.sh</c> (like <c>scripts/demo.sh</c>)
/// publishes to <c>.hawser/bin</c>. <c>HAWSER_BENCH_CLI</c> names another executable to measure instead.
/// </summary>
internal static class HawserProgram
{
    /// <summary>The executable's path.</summary>
    public static string Path
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("HAWSER_BENCH_CLI") is { Length: > 0 } named
                ? named
                : System.IO.Path.Combine(RepositoryPaths.Root, ".hawser", "bin", "hawser");
            return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing; scripts/bench.sh publishes it");
        }
    }
}
