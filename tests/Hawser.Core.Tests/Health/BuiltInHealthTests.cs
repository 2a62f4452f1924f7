using Hawser.Health;
using Hawser.Manifests;

namespace Hawser.Core.Tests.Health;

/// <summary>
/// One row per file under <c>testdata/</c>: the object carries its expected health in the annotations
/// <c>test.hawser.io/health</c> (a status, or <c>none</c> for kinds without health) and <c>test.hawser.io/message</c>.
/// </summary>
public sealed class BuiltInHealthTests
{
    private const string ExpectedHealth = "test.hawser.io/health";
    private const string ExpectedMessage = "test.hawser.io/message";

    private static readonly IHealthAssessor Assessor = HealthAssessor.Create();

    private static string TestDataDirectory => Path.Combine(AppContext.BaseDirectory, "Health", "testdata");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestDataDirectory, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal))
            data.Add(file!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_testdata_object_has_the_health_its_file_expects(string file)
    {
        var obj = Assert.Single(ManifestReader.Read(File.ReadAllText(Path.Combine(TestDataDirectory, file)), file));
        var expected = obj.GetAnnotation(ExpectedHealth) ?? throw new InvalidOperationException($"{file} has no {ExpectedHealth} annotation");

        var result = Assessor.Assess(obj);

        if (expected == "none")
        {
            Assert.Null(result);
            return;
        }
        Assert.NotNull(result);
        Assert.Equal(Enum.Parse<HealthStatus>(expected), result.Status);
        Assert.Equal(obj.GetAnnotation(ExpectedMessage) ?? "", result.Message);
    }

    [Fact]
    public void The_testdata_covers_every_status_an_object_can_have()
    {
        var expected = Directory.GetFiles(TestDataDirectory, "*.yaml")
            .Select(f => ManifestReader.Read(File.ReadAllText(f), f)[0].GetAnnotation(ExpectedHealth))
            .ToHashSet();

        Assert.Superset(expected, new HashSet<string?> { "Healthy", "Suspended", "Progressing", "Degraded", "Missing", "Unknown", "none" });
    }
}
