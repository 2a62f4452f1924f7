using System.Net;
using System.Security.Cryptography;

namespace Hawser.Sources;

/// <summary>
/// Reads a blob while hashing it: at the end of the stream (or on <see cref="VerifyComplete"/>) the byte count and the
/// sha256 must match what the manifest said, else the read fails, so a corrupt blob is never committed or used.
/// </summary>
internal sealed class DigestVerifyingStream(Stream inner, IDisposable? owner, string digest, long expectedSize, string what, bool leaveOpen = false) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _read;
    private bool _verified;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => expectedSize;
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        return Account(buffer[..n]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        return Account(buffer.Span[..n]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Checks size and digest once exactly the expected bytes were read (for readers that stop at the size, not at the end).</summary>
    public void VerifyComplete()
    {
        if (_verified) return;
        _verified = true;
        var actual = "sha256:" + Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (_read != expectedSize)
        {
            throw new SourceException(SourceFailure.Failed, what, FormattableString.Invariant($"size mismatch (expected {expectedSize} bytes, got {_read})"));
        }
        if (!string.Equals(actual, digest, StringComparison.OrdinalIgnoreCase))
        {
            throw new SourceException(SourceFailure.Failed, what, $"digest mismatch (expected {digest}, got {actual})");
        }
    }

    private int Account(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            VerifyComplete();
            return 0;
        }
        _read += data.Length;
        if (_read > expectedSize)
        {
            throw new SourceException(SourceFailure.Failed, what, FormattableString.Invariant($"size mismatch (more than the expected {expectedSize} bytes)"));
        }
        _hash.AppendData(data);
        return data.Length;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!leaveOpen) inner.Dispose();
            owner?.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>At most <c>length</c> bytes of an inner stream, which stays open (one chunk of a chunked upload).</summary>
internal sealed class BoundedReadStream(Stream inner, long length) : Stream
{
    private long _used;

    private long Remaining => length - _used;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _used; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Remaining == 0) return 0;
        var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, Remaining)]);
        _used += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Remaining == 0) return 0;
        var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, Remaining)], cancellationToken);
        _used += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A request body streamed from a source with a known length, reporting bytes sent; the source is not disposed with it.</summary>
internal sealed class ProgressStreamContent : HttpContent
{
    private readonly Stream _source;
    private readonly long _length;
    private readonly IProgress<long>? _progress;

    public ProgressStreamContent(Stream source, long length, IProgress<long>? progress)
    {
        _source = source;
        _length = length;
        _progress = progress;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int n;
        while ((n = await _source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            _progress?.Report(n);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
