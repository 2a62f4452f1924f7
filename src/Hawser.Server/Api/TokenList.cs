using System.Text.Json.Nodes;
using Hawser.State;

namespace Hawser.Server.Api;

/// <summary>An account's or a project role's tokens as the API lists them: ids and times, never a token's value.</summary>
internal static class TokenList
{
    public static JsonObject Of(IEnumerable<TokenRecord> tokens) => new()
    {
        ["items"] = new JsonArray(tokens.Select(t => (JsonNode?)new JsonObject
        {
            ["id"] = t.Id,
            ["issuedAt"] = t.IssuedAt.ToUnixTimeSeconds(),
            ["expiresAt"] = t.ExpiresAt?.ToUnixTimeSeconds() ?? 0,
            ["revoked"] = t.RevokedAt is not null,
        }).ToArray()),
    };
}
