using Hawser.Webhooks;

namespace Hawser.Core.Tests.Webhooks;

public sealed class RepoUrlKeyTests
{
    [Theory]
    [InlineData("https://github.com/Codertocat/Hello-World")]
    [InlineData("https://github.com/codertocat/hello-world.git")]
    [InlineData("https://user:token@github.com/Codertocat/Hello-World.git/")]
    [InlineData("http://github.com:443/Codertocat/Hello-World")]
    [InlineData("ssh://git@github.com/Codertocat/Hello-World.git")]
    [InlineData("ssh://git@github.com:22/Codertocat/Hello-World.git")]
    [InlineData("git@github.com:Codertocat/Hello-World.git")]
    [InlineData("git://github.com/Codertocat/Hello-World.git")]
    public void Every_form_of_one_repository_url_has_the_same_key(string url) =>
        Assert.Equal("github.com/codertocat/hello-world", RepoUrlKey.Of(url));

    [Fact]
    public void Different_repositories_have_different_keys()
    {
        Assert.NotEqual(RepoUrlKey.Of("https://github.com/org/app"), RepoUrlKey.Of("https://github.com/org/app-config"));
        Assert.NotEqual(RepoUrlKey.Of("https://github.com/org/app"), RepoUrlKey.Of("https://gitlab.com/org/app"));
    }

    [Fact]
    public void A_local_repository_keeps_its_path()
    {
        Assert.Equal("/srv/git/config", RepoUrlKey.Of("file:///srv/git/config.git"));
        Assert.Equal("/srv/git/config", RepoUrlKey.Of("/srv/git/config"));
    }
}
