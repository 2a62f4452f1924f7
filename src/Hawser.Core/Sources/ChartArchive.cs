using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Hawser.Sources;

/// <summary>Unpacks a chart archive (.tgz) into its cache directory atomically, after checking its digest when one is known.</summary>
internal static class ChartArchive
{
    /// <summary>
    /// Extracts <paramref name="archive"/> and publishes the chart's own directory (the one holding <c>Chart.yaml</c>)
    /// as <paramref name="finalPath"/>.
    /// </summary>
    public static async Task UnpackAsync(byte[] archive, string? sha256, string finalPath, string repoUrl, CancellationToken cancellationToken)
    {
        if (sha256 is { Length: > 0 })
        {
            var expected = sha256.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? sha256[7..] : sha256;
            var actual = Convert.ToHexStringLower(SHA256.HashData(archive));
            if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
            {
                throw new SourceException(SourceFailure.Failed, repoUrl, $"chart archive digest mismatch for {Path.GetFileName(finalPath)} (index says {expected}, downloaded {actual})");
            }
        }

        var staging = AtomicDirectory.CreateStaging(finalPath);
        try
        {
            try
            {
                using var gzip = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
                await TarFile.ExtractToDirectoryAsync(gzip, staging, overwriteFiles: false, cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                throw new SourceException(SourceFailure.Failed, repoUrl, $"chart archive could not be unpacked: {e.Message}", e);
            }
            var chartDir = Directory.Exists(staging) && File.Exists(Path.Combine(staging, "Chart.yaml"))
                ? staging
                : Directory.GetDirectories(staging).FirstOrDefault(d => File.Exists(Path.Combine(d, "Chart.yaml")))
                  ?? throw new SourceException(SourceFailure.Failed, repoUrl, "chart archive holds no Chart.yaml");
            if (chartDir == staging)
            {
                AtomicDirectory.Publish(staging, finalPath);
            }
            else
            {
                AtomicDirectory.Publish(chartDir, finalPath);
            }
        }
        finally
        {
            AtomicDirectory.TryDelete(staging);
        }
    }
}
