using Hawser.Testing;

namespace Hawser.Cli.Tests.Commands;

/// <summary>A client configuration (<c>$HAWSER_CONFIG</c>) that cannot be read is a usage error naming the file, for every verb that may ask a server.</summary>
public sealed class ClientConfigErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new("hawser-cli-config");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("app", "get", "web")]
    [InlineData("app", "sync", "web")]
    [InlineData("app", "list")]
    [InlineData("proj", "list")]
    public async Task A_client_config_that_is_not_a_mapping_of_lists_is_a_usage_error_naming_the_file(params string[] args)
    {
        var config = Path.Combine(_dir.Path, "config");
        await File.WriteAllTextAsync(config, "contexts: 5\n");

        var result = await HawserProcess.RunWithEnvironmentAsync(Path.Combine(_dir.Path, "data"), new Dictionary<string, string?> { ["HAWSER_CONFIG"] = config }, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {config}: contexts must be a list", result.StandardError.Trim());
        Assert.DoesNotContain("Unhandled exception", result.StandardError, StringComparison.Ordinal);
    }
}
