using Hawser.Sources;

namespace Hawser.Core.Tests.Sources;

public sealed class ChartVersionConstraintTests
{
    [Theory]
    [InlineData("1.2.3", "1.2.3", true)]
    [InlineData("1.2.3", "1.2.4", false)]
    [InlineData("=1.2.3", "1.2.3", true)]
    [InlineData("v1.2.3", "1.2.3", true)]
    [InlineData("!=1.2.3", "1.2.4", true)]
    [InlineData("!=1.2.3", "1.2.3", false)]
    [InlineData("^1.2", "1.2.0", true)]
    [InlineData("^1.2", "1.9.9", true)]
    [InlineData("^1.2", "2.0.0", false)]
    [InlineData("^1.2", "1.1.9", false)]
    [InlineData("^0.2.3", "0.2.9", true)]
    [InlineData("^0.2.3", "0.3.0", false)]
    [InlineData("^0.0.3", "0.0.3", true)]
    [InlineData("^0.0.3", "0.0.4", false)]
    [InlineData("~1.2.3", "1.2.9", true)]
    [InlineData("~1.2.3", "1.3.0", false)]
    [InlineData("~1.2.3", "1.2.2", false)]
    [InlineData("~1", "1.9.0", true)]
    [InlineData("~1", "2.0.0", false)]
    [InlineData(">=1.0.0 <2.0.0", "1.5.0", true)]
    [InlineData(">=1.0.0 <2.0.0", "2.0.0", false)]
    [InlineData(">=1.0.0, <2.0.0", "0.9.0", false)]
    [InlineData("> 1.2", "1.3.0", true)]
    [InlineData("> 1.2", "1.2.5", false)]
    [InlineData(">1.2.x", "1.2.5", false)]
    [InlineData(">1.2.x", "1.3.0", true)]
    [InlineData("<=1.2", "1.2.9", true)]
    [InlineData("<=1.2", "1.3.0", false)]
    [InlineData("1.2.x", "1.2.7", true)]
    [InlineData("1.2.x", "1.3.0", false)]
    [InlineData("1.2", "1.2.7", true)]
    [InlineData("1.x", "1.7.0", true)]
    [InlineData("1.x", "2.0.0", false)]
    [InlineData("*", "7.3.1", true)]
    [InlineData("", "0.0.1", true)]
    [InlineData("1.2 - 1.4.5", "1.4.5", true)]
    [InlineData("1.2 - 1.4.5", "1.4.6", false)]
    [InlineData("1.2 - 1.4.5", "1.1.9", false)]
    [InlineData("^1.0 || ^3.0", "3.1.0", true)]
    [InlineData("^1.0 || ^3.0", "2.1.0", false)]
    public void Release_versions_match_as_helm_matches_them(string constraint, string version, bool expected) =>
        Assert.Equal(expected, ChartVersionConstraint.Parse(constraint).IsSatisfiedBy(ChartVersion.TryParse(version)!));

    [Theory]
    [InlineData("*", "2.0.0-rc.1", false)]
    [InlineData("^1.0", "1.5.0-beta.1", false)]
    [InlineData(">=1.0.0-0", "1.5.0-beta.1", true)]
    [InlineData("1.5.0-beta.1", "1.5.0-beta.1", true)]
    [InlineData(">=1.5.0-beta.1", "1.5.0-beta.2", true)]
    [InlineData(">=1.5.0-beta.2", "1.5.0-beta.10", true)]
    [InlineData("<1.5.0", "1.5.0-beta.1", false)]
    public void Prereleases_match_only_constraints_that_name_one(string constraint, string version, bool expected) =>
        Assert.Equal(expected, ChartVersionConstraint.Parse(constraint).IsSatisfiedBy(ChartVersion.TryParse(version)!));

    [Theory]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("=1.2.3", "1.2.3")]
    [InlineData("v1.2.3", "1.2.3")]
    [InlineData("1.2.3-rc.1", "1.2.3-rc.1")]
    [InlineData("^1.2.3", null)]
    [InlineData("1.2", null)]
    [InlineData("1.2.3 || 1.2.4", null)]
    public void Only_a_single_full_version_counts_as_exact(string constraint, string? exact) =>
        Assert.Equal(exact, ChartVersionConstraint.Parse(constraint).ExactVersion);

    [Theory]
    [InlineData("latest")]
    [InlineData(">=")]
    [InlineData("1.2.3.4")]
    public void Malformed_constraints_are_rejected(string constraint) =>
        Assert.Throws<FormatException>(() => ChartVersionConstraint.Parse(constraint));

    [Fact]
    public void The_highest_matching_version_is_chosen_whatever_the_listing_order()
    {
        var listings = new[] { "1.10.1", "2.0.0", "1.2.0", "1.9.0", "2.1.0-rc.1" }
            .Select(v => new ChartListing(v, ChartVersion.TryParse(v)!, [], null));
        Assert.Equal("1.10.1", ChartListing.Choose(listings, ChartVersionConstraint.Parse("^1.0"))?.Version);
        Assert.Equal("2.0.0", ChartListing.Choose(listings, ChartVersionConstraint.Parse("*"))?.Version);
        Assert.Equal("2.1.0-rc.1", ChartListing.Choose(listings, ChartVersionConstraint.Parse(">=2.0.0-0"))?.Version);
        Assert.Null(ChartListing.Choose(listings, ChartVersionConstraint.Parse("^3")));
    }
}
