using System.Security.Cryptography;
using Hawser.Sources;

namespace Hawser.Core.Tests.Images;

public sealed class DigestVerifyingStreamTests
{
    [Fact]
    public async Task Reading_bytes_that_do_not_match_the_digest_fails_at_the_end()
    {
        var bytes = RandomNumberGenerator.GetBytes(1000);
        var wrong = OciDigest.Of(RandomNumberGenerator.GetBytes(1000));
        await using var stream = new DigestVerifyingStream(new MemoryStream(bytes), null, wrong, bytes.Length, "blob");

        var error = await Assert.ThrowsAsync<SourceException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Contains("digest mismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_more_bytes_than_the_descriptor_says_fails()
    {
        var bytes = RandomNumberGenerator.GetBytes(100);
        await using var stream = new DigestVerifyingStream(new MemoryStream(bytes), null, OciDigest.Of(bytes), 50, "blob");

        var error = await Assert.ThrowsAsync<SourceException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Contains("size mismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Matching_bytes_read_through()
    {
        var bytes = RandomNumberGenerator.GetBytes(5000);
        await using var stream = new DigestVerifyingStream(new MemoryStream(bytes), null, OciDigest.Of(bytes), bytes.Length, "blob");
        using var copy = new MemoryStream();

        await stream.CopyToAsync(copy);

        Assert.Equal(bytes, copy.ToArray());
    }
}
