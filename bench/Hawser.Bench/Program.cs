namespace Hawser.Bench;

/// <summary>
/// A timed harness: <c>scripts/bench.sh NAME</c> runs one benchmark (or all), each printing its figures and ratios.
/// Benchmarks register themselves in <see cref="BenchmarkCatalog"/>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var all = BenchmarkCatalog.All();
        var selected = args.Length == 0 ? all : all.Where(b => args.Contains(b.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (selected.Count == 0)
        {
            await Console.Error.WriteLineAsync($"unknown benchmark; choose from: {string.Join(", ", all.Select(b => b.Name))}");
            return 2;
        }
        foreach (var benchmark in selected)
        {
            Console.WriteLine($"== {benchmark.Name}: {benchmark.Description}");
            await benchmark.RunAsync(CancellationToken.None);
            Console.WriteLine();
        }
        return 0;
    }
}

/// <summary>One benchmark: runs, measures and prints its own figures.</summary>
public interface IBenchmark
{
    string Name { get; }
    string Description { get; }
    Task RunAsync(CancellationToken cancellationToken);
}
