using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Hawser.Server.Api;

/// <summary>Error bodies in Argo CD's (gRPC-gateway) shape: <c>{"error": ..., "code": ..., "message": ...}</c>.</summary>
internal static class ApiErrors
{
    public static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Body(status, message));
    }

    public static IResult Result(int status, string message) => Results.Json(Body(status, message), statusCode: status);

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
        _ => 13,
    };
}
