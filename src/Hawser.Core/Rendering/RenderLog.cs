using Microsoft.Extensions.Logging;

namespace Hawser.Rendering;

/// <summary>Log messages of the Rendering stage (event ids 2100-2199). Repository URLs only; never values or secrets.</summary>
internal static partial class RenderLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "Render cache hit for {App} ({Key})")]
    public static partial void CacheHit(ILogger logger, string app, string key);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Rendered {App}: {Count} objects in {ElapsedMs} ms")]
    public static partial void Rendered(ILogger logger, string app, int count, long elapsedMs);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "Rendering {App} source {Index} ({Repo} {Path}) with {Renderer}")]
    public static partial void RenderingSource(ILogger logger, string app, int index, string repo, string path, RendererKind renderer);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Rendering {App} failed: {Error}")]
    public static partial void Failed(ILogger logger, string app, string error);
}
