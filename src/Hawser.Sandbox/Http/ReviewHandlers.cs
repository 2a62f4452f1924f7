using System.Globalization;
using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Hosting;
using Microsoft.AspNetCore.Http;

namespace Hawser.Sandbox.Http;

/// <summary>
/// The create-only reviews (<c>kubectl auth can-i</c>, <c>auth can-i --list</c>, <c>auth whoami</c>) and service account
/// token requests (<c>kubectl create token</c>), answered from the request and the caller, never stored. The sandbox
/// authenticates its own token and the service account tokens it issued, and authorizes every authenticated request (it
/// does not enforce RBAC): an access review is therefore allowed and a rules review lists every rule, each saying why.
/// </summary>
internal sealed class ReviewHandlers(ApiServices api, ServiceAccountTokens tokens)
{
    /// <summary>The reason an access review gives.</summary>
    public const string AllowedReason = "the sandbox does not enforce RBAC: every authenticated request is allowed";

    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan ShortestTokenLifetime = TimeSpan.FromMinutes(10);

    /// <summary><c>POST</c> of a SelfSubjectAccessReview, SelfSubjectRulesReview or SelfSubjectReview.</summary>
    public async Task ReviewAsync(HttpContext context, ResourceType type, SandboxIdentity caller, CancellationToken cancellationToken)
    {
        var review = await ReadAsync(context, type.Group + "/" + type.Version, type.Kind, cancellationToken);
        var spec = review["spec"] as JsonObject ?? [];
        review["status"] = type.Kind switch
        {
            "SelfSubjectAccessReview" => AccessReview(type, spec),
            "SelfSubjectRulesReview" => new JsonObject
            {
                ["resourceRules"] = new JsonArray(new JsonObject { ["verbs"] = new JsonArray("*"), ["apiGroups"] = new JsonArray("*"), ["resources"] = new JsonArray("*") }),
                ["nonResourceRules"] = new JsonArray(new JsonObject { ["verbs"] = new JsonArray("*"), ["nonResourceURLs"] = new JsonArray("*") }),
                ["incomplete"] = false,
            },
            _ => new JsonObject { ["userInfo"] = UserInfo(caller) },
        };
        await JsonResponses.WriteNodeAsync(context, 201, review, cancellationToken);
    }

    /// <summary><c>POST …/serviceaccounts/NAME/token</c>: a TokenRequest for an existing service account.</summary>
    public async Task TokenAsync(HttpContext context, ResourceType serviceAccounts, string ns, string name, CancellationToken cancellationToken)
    {
        var request = await ReadAsync(context, "authentication.k8s.io/v1", "TokenRequest", cancellationToken);
        var account = api.Store.Get(serviceAccounts.GroupResource, ns, name) ?? throw ApiException.NotFound(serviceAccounts.GroupResource, name);
        var spec = request["spec"] as JsonObject ?? [];
        var seconds = spec["expirationSeconds"] is JsonValue given ? given.GetValue<long>() : (long)DefaultTokenLifetime.TotalSeconds;
        if (seconds < ShortestTokenLifetime.TotalSeconds)
            throw Invalid(name, "spec.expirationSeconds", $"Invalid value: {seconds}: may not specify a duration less than 10 minutes");
        if (seconds > uint.MaxValue)
            throw Invalid(name, "spec.expirationSeconds", $"Invalid value: {seconds}: may not specify a duration larger than 2^32 seconds");
        if (spec["boundObjectRef"] is JsonObject { Count: > 0 })
            throw Invalid(name, "spec.boundObjectRef", "Unsupported value: the sandbox does not bind tokens to objects; request one without --bound-object-kind");
        var audiences = (spec["audiences"] as JsonArray)?.Select(a => a?.GetValue<string>() ?? "").Where(a => a.Length > 0).ToList() ?? [];
        if (audiences.Count == 0) audiences.Add(ServiceAccountTokens.Issuer);

        var (token, expires) = tokens.Issue(ns, name, account.Uid, audiences, TimeSpan.FromSeconds(seconds));
        var response = new JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["kind"] = "TokenRequest",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = Timestamp(api.Time.GetUtcNow()) },
            ["spec"] = new JsonObject
            {
                ["audiences"] = new JsonArray(audiences.Select(a => (JsonNode)JsonValue.Create(a)).ToArray()),
                ["expirationSeconds"] = seconds,
                ["boundObjectRef"] = null,
            },
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = Timestamp(expires) },
        };
        await JsonResponses.WriteNodeAsync(context, 201, response, cancellationToken);
    }

    private static JsonObject AccessReview(ResourceType type, JsonObject spec)
    {
        if ((spec["resourceAttributes"] is JsonObject) == (spec["nonResourceAttributes"] is JsonObject))
        {
            throw ApiException.Invalid(type.Kind, type.Group, "", [new StatusCause("FieldValueInvalid",
                "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified", "spec.resourceAttributes")]);
        }
        return new JsonObject { ["allowed"] = true, ["reason"] = AllowedReason };
    }

    private static JsonObject UserInfo(SandboxIdentity caller)
    {
        var info = new JsonObject { ["username"] = caller.Username };
        if (caller.Uid is { Length: > 0 } uid) info["uid"] = uid;
        info["groups"] = new JsonArray(caller.Groups.Select(g => (JsonNode)JsonValue.Create(g)).ToArray());
        return info;
    }

    private static async Task<JsonObject> ReadAsync(HttpContext context, string apiVersion, string kind, CancellationToken cancellationToken)
    {
        var body = RequestBody.DecodeObject(await RequestBody.ReadBytesAsync(context.Request, cancellationToken), RequestBody.MediaType(context.Request));
        if (body["kind"] is JsonValue sent && sent.GetValue<string>() != kind)
            throw ApiException.BadRequest($"the body is a {sent.GetValue<string>()}, but a {kind} was expected");
        body["apiVersion"] = apiVersion;
        body["kind"] = kind;
        return body;
    }

    private static ApiException Invalid(string name, string field, string message) =>
        ApiException.Invalid("TokenRequest", "authentication.k8s.io", name, [new StatusCause("FieldValueInvalid", message, field)]);

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
