using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Hawser.Cli.Commands;

/// <summary>
/// <c>hawser account list|get|get-user-info|generate-token|revoke-token|update-password</c>: local accounts and their API
/// tokens on a server, as <c>argocd account</c> manages them, with the caller's rights.
/// </summary>
internal static class AccountCommand
{
    public static Command Create()
    {
        var command = new Command("account", "Manage the local accounts of a Hawser server and their API tokens.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Get());
        command.Subcommands.Add(UserInfo());
        command.Subcommands.Add(GenerateToken());
        command.Subcommands.Add(RevokeToken());
        command.Subcommands.Add(UpdatePassword());
        return command;
    }

    private static Command List()
    {
        var server = new ServerAppCommands.ServerOptions();
        var format = ServerOutput.FormatOption();
        var command = new Command("list", "List the accounts the caller may see: enabled, capabilities.") { format };
        server.AddTo(command);
        command.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            using var client = server.Require(parsed, null);
            var items = ServerOutput.Items(await client.GetJsonAsync("api/v1/account", ct));
            ServerOutput.List(items, parsed.GetValue(format)!, ["NAME", "ENABLED", "CAPABILITIES"],
                a => [ServerOutput.Text(a["name"]), ServerOutput.Text(a["enabled"]), ServerOutput.Join(a["capabilities"])], a => ServerOutput.Text(a["name"]), Console.Out);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Get()
    {
        var server = new ServerAppCommands.ServerOptions();
        var account = AccountOption();
        var format = ServerOutput.FormatOption();
        var command = new Command("get", "Show an account's tokens (ids and times; the tokens themselves are never kept).") { account, format };
        server.AddTo(command);
        command.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            using var client = server.Require(parsed, null);
            var name = await AccountNameAsync(client, parsed.GetValue(account), ct);
            var tokens = ServerOutput.Items(await client.GetJsonAsync($"api/v1/account/{Uri.EscapeDataString(name)}/token", ct));
            if (parsed.GetValue(format) is "json" or "yaml")
            {
                ServerOutput.One(new JsonObject { ["name"] = name, ["tokens"] = new JsonArray(tokens.Select(t => (JsonNode?)t.DeepClone()).ToArray()) }, parsed.GetValue(format)!, Console.Out);
                return ExitCodes.Ok;
            }
            Console.Out.WriteLine($"Name:   {name}");
            Console.Out.WriteLine("Tokens:");
            if (tokens.Count == 0) Console.Out.WriteLine("NONE");
            else AppOutput.Table(["ID", "ISSUED AT", "EXPIRES AT", "REVOKED"], tokens.Select(t => new[]
            {
                ServerOutput.Text(t["id"]), Time(t["issuedAt"]), t["expiresAt"]?.GetValue<long>() is > 0 ? Time(t["expiresAt"]) : "never", ServerOutput.Text(t["revoked"]),
            }).ToList(), Console.Out, "");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command UserInfo()
    {
        var server = new ServerAppCommands.ServerOptions();
        var format = new Option<string>("--output", "-o") { Description = "table (default), json or yaml.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "yaml");
        var command = new Command("get-user-info", "Show who the server takes the caller for: logged in, user name, groups.") { format };
        server.AddTo(command);
        command.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            using var client = server.Require(parsed, null);
            var info = await client.GetJsonAsync("api/v1/session/userinfo", ct);
            if (parsed.GetValue(format) is "json" or "yaml")
            {
                ServerOutput.One(info, parsed.GetValue(format)!, Console.Out);
                return ExitCodes.Ok;
            }
            Console.Out.WriteLine($"Logged In: {ServerOutput.Text(info["loggedIn"])}");
            Console.Out.WriteLine($"Username: {ServerOutput.Text(info["username"])}");
            Console.Out.WriteLine($"Groups: {ServerOutput.Join(info["groups"])}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command GenerateToken()
    {
        var server = new ServerAppCommands.ServerOptions();
        var account = AccountOption();
        var expiresIn = DurationText.Option("--expires-in", "How long the token is valid, e.g. 12h or 7d (default: it never expires).");
        var id = new Option<string?>("--id") { Description = "The token's id (default: a random UUID); revoke it by this id." };
        var command = new Command("generate-token", "Generate an API token for an account with the apiKey capability (the caller's own by default); prints the token.") { account, expiresIn, id };
        server.AddTo(command);
        command.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            using var client = server.Require(parsed, null);
            var name = await AccountNameAsync(client, parsed.GetValue(account), ct);
            var body = new JsonObject();
            if (parsed.GetValue(expiresIn) is { } expires && expires > TimeSpan.Zero) body["expiresIn"] = (long)Math.Ceiling(expires.TotalSeconds);
            if (parsed.GetValue(id) is { Length: > 0 } tokenId) body["id"] = tokenId;
            var answer = await client.SendJsonAsync(HttpMethod.Post, $"api/v1/account/{Uri.EscapeDataString(name)}/token", body, ct);
            Console.Out.WriteLine(ServerOutput.Text(answer["token"]));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command RevokeToken()
    {
        var server = new ServerAppCommands.ServerOptions();
        var account = AccountOption();
        var id = new Argument<string>("id") { Description = "The token's id (see 'hawser account get')." };
        var command = new Command("revoke-token", "Revoke an API token by id; it is refused from the next request on.") { id, account };
        server.AddTo(command);
        command.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            using var client = server.Require(parsed, null);
            var name = await AccountNameAsync(client, parsed.GetValue(account), ct);
            await client.SendJsonAsync(HttpMethod.Delete, $"api/v1/account/{Uri.EscapeDataString(name)}/token/{Uri.EscapeDataString(parsed.GetValue(id)!)}", null, ct);
            Console.Out.WriteLine($"Token {parsed.GetValue(id)} of account '{name}' revoked");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command UpdatePassword()
    {
        var server = new ServerAppCommands.ServerOptions();
        var account = AccountOption();
        var current = new Option<string?>("--current-password") { Description = "The caller's current password (asked for on a terminal when not given)." };
        var next = new Option<string?>("--new-password") { Description = "The new password, 8 to 72 characters (asked for twice on a terminal when not given)." };
        var command = new Command("update-password", "Change the caller's password, or another account's with the right to update it.") { account, current, next };
        server.AddTo(command);
        command.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            using var client = server.Require(parsed, null);
            var me = ServerOutput.Text((await client.GetJsonAsync("api/v1/session/userinfo", ct))["username"]);
            var name = parsed.GetValue(account) ?? me;
            var currentPassword = PasswordPrompt.Require(parsed.GetValue(current), $"*** Enter password of currently logged in user ({me}): ", "--current-password");
            var newPassword = parsed.GetValue(next);
            if (newPassword is null)
            {
                newPassword = PasswordPrompt.Require(null, $"*** Enter new password for user {name}: ", "--new-password");
                if (PasswordPrompt.Require(null, $"*** Confirm new password for user {name}: ", "--new-password") != newPassword) throw new UsageException("the passwords do not match");
            }
            await client.SendJsonAsync(HttpMethod.Put, "api/v1/account/password", new JsonObject { ["name"] = name, ["currentPassword"] = currentPassword, ["newPassword"] = newPassword }, ct);
            Console.Out.WriteLine($"Password updated");
            // The change ends the caller's own sessions: a logged-in context gets a new one, as argocd does.
            if (name == me && SessionLogin.ContextOf(client) is { } context)
            {
                await SessionLogin.LoginAsync(context.Server, name, newPassword, context.Name, ct);
                Console.Out.WriteLine($"Context '{context.Name}' updated");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Option<string?> AccountOption() => new("--account", "-a") { Description = "The account (default: the caller's own)." };

    private static async Task<string> AccountNameAsync(ServerClient client, string? given, CancellationToken ct) =>
        given is { Length: > 0 } ? given : ServerOutput.Text((await client.GetJsonAsync("api/v1/session/userinfo", ct))["username"]);

    private static string Time(JsonNode? seconds) =>
        seconds is JsonValue v && v.TryGetValue<long>(out var s) ? DateTimeOffset.FromUnixTimeSeconds(s).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
}
