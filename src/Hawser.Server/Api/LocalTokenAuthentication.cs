using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Hawser.Server.Api;

/// <summary>
/// Every <c>/api/</c> request must carry <c>Authorization: Bearer TOKEN</c> with the server's local token
/// (<see cref="Hosting.ServerState"/>); anything else is answered 401 with Argo CD's error body. The health endpoints are open.
/// </summary>
internal sealed class LocalTokenAuthentication(string token)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes("Bearer " + token);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) && !Authorized(context.Request))
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "no session information: log in, or pass the server's token");
            return;
        }
        await next(context);
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.Length == _expected.Length && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), _expected);
    }
}
