using System.Text.Json.Nodes;

namespace Hawser.Cli.Commands;

/// <summary>Logging in to a server with a password and keeping the session as a context of <see cref="ClientConfig"/>.</summary>
internal static class SessionLogin
{
    /// <summary>Logs <paramref name="user"/> in (<c>POST /api/v1/session</c>) and saves the session as context <paramref name="contextName"/>, made current.</summary>
    /// <exception cref="HttpRequestException">The server refused the login; the message says why.</exception>
    public static async Task LoginAsync(string server, string user, string password, string contextName, CancellationToken cancellationToken)
    {
        using var anonymous = new ServerClient(server, null);
        var answer = await anonymous.SendJsonAsync(HttpMethod.Post, "api/v1/session", new JsonObject { ["username"] = user, ["password"] = password }, cancellationToken);
        Save(server, contextName, ServerOutput.Text(answer["token"]));
    }

    /// <summary>Saves a session token as context <paramref name="contextName"/> of <paramref name="server"/>, made current.</summary>
    public static void Save(string server, string contextName, string token)
    {
        var config = ClientConfig.Load();
        config.Upsert(new ClientContext(contextName, server, contextName), token);
        config.Save();
    }

    /// <summary>The saved context whose session <paramref name="client"/> uses, or null (a token from a flag or the environment).</summary>
    public static ClientContext? ContextOf(ServerClient client)
    {
        var config = ClientConfig.Load();
        return config.Contexts.FirstOrDefault(c => c.Server == client.Url && config.TokenOf(c) is { } token && token == client.Token);
    }
}
