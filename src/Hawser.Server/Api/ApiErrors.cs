using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Hawser.Server.Api;

/// <summary>Error bodies in Argo CD's (gRPC-gateway) shape: <c>{"error": ..., "code": ..., "message": ...}</c>.</summary>
internal static class ApiErrors
{
    public static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return ApiJson.WriteAsync(context.Response, Body(status, message));
    }

    /// <summary>Answers a refused request body (too large, not JSON, too deep) with the error body instead of an empty page.</summary>
    public static async Task CatchAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, e.StatusCode, e.Message);
        }
    }

    public static IResult Result(int status, string message) => ApiJson.Result(Body(status, message), statusCode: status);

    private static JsonObject Body(int status, string message) => new()
    {
        ["error"] = message,
        ["code"] = GrpcCode(status),
        ["message"] = message,
    };

    // The gRPC status code Argo CD's gateway puts beside the HTTP status.
    private static int GrpcCode(int status) => status switch
    {
        400 => 3,
        401 => 16,
        403 => 7,
        404 => 5,
        409 => 6,
        413 => 8,
        _ => 13,
    };
}
