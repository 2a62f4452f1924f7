using System.Net;
using Hawser.Kubernetes;

namespace Hawser.Core.Tests.Kubernetes;

public sealed class StatusErrorsTests
{
    [Theory]
    [InlineData(404, "NotFound", typeof(NotFoundException))]
    [InlineData(409, "AlreadyExists", typeof(AlreadyExistsException))]
    [InlineData(409, "Conflict", typeof(ConflictException))]
    [InlineData(422, "Invalid", typeof(InvalidException))]
    [InlineData(403, "Forbidden", typeof(ForbiddenException))]
    [InlineData(401, "Unauthorized", typeof(UnauthorizedException))]
    [InlineData(410, "Expired", typeof(GoneException))]
    [InlineData(429, "TooManyRequests", typeof(TooManyRequestsException))]
    [InlineData(504, "Timeout", typeof(ServerTimeoutException))]
    [InlineData(500, "ServerTimeout", typeof(ServerTimeoutException))]
    [InlineData(400, "BadRequest", typeof(KubernetesApiException))]
    public void A_Status_becomes_the_exception_of_its_reason(int code, string reason, Type expected)
    {
        var body = $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"it failed","reason":"{{reason}}","code":{{code}}}""";

        var error = StatusErrors.FromResponse((HttpStatusCode)code, null, body, "Deployment/web/api", null);

        Assert.IsType(expected, error);
        Assert.Equal("Deployment/web/api: it failed", error.Message);
        Assert.Equal("Deployment/web/api", error.InvolvedObject);
    }

    [Fact]
    public void Apply_conflicts_keep_their_field_causes()
    {
        const string body = """
            {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Conflict","code":409,"message":"Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas",
             "details":{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \"kubectl\"","field":".spec.replicas"}]}}
            """;

        var error = Assert.IsType<ConflictException>(StatusErrors.FromResponse(HttpStatusCode.Conflict, null, body, "Deployment/web/api", null));

        Assert.Equal(".spec.replicas", Assert.Single(error.Causes).Field);
    }
}
