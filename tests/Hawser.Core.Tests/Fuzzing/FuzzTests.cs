using System.Text;

namespace Hawser.Core.Tests.Fuzzing;

/// <summary>
/// Property-based fuzzing of every parser of untrusted input (see <see cref="FuzzTarget"/>): a fixed number of mutated inputs
/// per target from a fixed seed, so a run is reproducible and takes seconds; and every input kept under
/// <c>Fuzzing/corpus/&lt;target&gt;/</c> (inputs that once crashed Hawser) replayed as a regression case.
/// A failure names the seed and case, and writes the input to a file to be added to the corpus.
/// </summary>
public sealed class FuzzTests
{
    private const int Cases = 1500;
    private const int Seed = 20261130;

    public static TheoryData<string> Targets() => [.. FuzzTarget.All.Select(t => t.Name)];

    public static TheoryData<string, string> Corpus()
    {
        var data = new TheoryData<string, string>();
        var root = Path.Combine(AppContext.BaseDirectory, "Fuzzing", "corpus");
        foreach (var target in FuzzTarget.All)
        {
            var folder = Path.Combine(root, target.Name);
            if (!Directory.Exists(folder)) continue;
            foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal)) data.Add(target.Name, Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Mutated_inputs_parse_or_fail_as_bad_input_and_never_crash(string name)
    {
        var target = FuzzTarget.Named(name);
        var random = new Random(Seed + (31 * name.Length) + name[0]); // not HashCode: it is salted per process
        for (var i = 0; i < Cases; i++)
        {
            var seed = target.Seeds[random.Next(target.Seeds.Count)];
            var other = target.Seeds[random.Next(target.Seeds.Count)];
            var input = target.Bytes ? Mutator.MutateBytes(random, seed) : Encoding.UTF8.GetBytes(Mutator.Mutate(random, seed, other));
            Check(target, input, $"case {i} of seed {Seed}");
        }
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Inputs_that_once_crashed_are_rejected_cleanly(string name, string file)
    {
        var target = FuzzTarget.Named(name);
        Check(target, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fuzzing", "corpus", name, file)), file);
    }

    [Fact]
    public void Every_target_has_a_regression_corpus() =>
        Assert.All(FuzzTarget.All, t => Assert.True(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "Fuzzing", "corpus", t.Name)), t.Name));

    private static void Check(FuzzTarget target, byte[] input, string what)
    {
        try
        {
            target.Parse(input);
        }
        catch (Exception e) when (target.IsBadInput(e))
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message), $"{target.Name}, {what}: an error without a message");
        }
        catch (Exception e)
        {
            var kept = Path.Combine(Path.GetTempPath(), $"hawser-fuzz-{target.Name}-{Guid.NewGuid():N}.txt");
            File.WriteAllBytes(kept, input);
            Assert.Fail($"{target.Name}, {what}: {e.GetType().Name}: {e.Message}\nthe input is in {kept}; keep it under tests/Hawser.Core.Tests/Fuzzing/corpus/{target.Name}/\n{e}");
        }
    }
}
