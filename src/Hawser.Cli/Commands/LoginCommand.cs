using System.CommandLine;

namespace Hawser.Cli.Commands;

/// <summary>
/// <c>hawser login SERVER</c>, <c>hawser logout</c> and <c>hawser context</c>: the CLI as a client of a server, with the
/// contexts of <see cref="ClientConfig"/> (<c>~/.hawser/config</c>, or <c>$HAWSER_CONFIG</c>), as <c>argocd</c> keeps them.
/// </summary>
internal static class LoginCommand
{
    public static Command Login()
    {
        var server = new Argument<string>("server") { Description = "The server: HOST:PORT (plain HTTP) or http(s)://HOST:PORT." };
        var user = new Option<string?>("--username") { Description = "The account (asked for on a terminal when not given)." };
        var password = new Option<string?>("--password") { Description = "Its password (asked for on a terminal when not given)." };
        var sso = new Option<bool>("--sso") { Description = "Log in through the server's SSO provider in a browser." };
        var ssoPort = new Option<int>("--sso-port") { Description = "The local port the browser returns to after an SSO login (0: any free port).", DefaultValueFactory = _ => 8085 };
        var ssoTimeout = DurationText.Option("--sso-timeout", "How long to wait for the SSO login in the browser (default 5m).");
        var name = new Option<string?>("--name") { Description = "The context's name (default: the server's HOST:PORT)." };
        var command = new Command("login", "Log in to a Hawser server and make it the current context (kept in ~/.hawser/config, or $HAWSER_CONFIG).")
        {
            server, user, password, sso, ssoPort, ssoTimeout, name,
        };
        command.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            var url = ClientConfig.Normalize(parsed.GetValue(server)!);
            var context = parsed.GetValue(name) ?? ClientConfig.ContextName(url);
            if (parsed.GetValue(sso))
            {
                if (parsed.GetValue(user) is not null || parsed.GetValue(password) is not null) throw new UsageException("--sso takes no --username or --password");
                using (var anonymous = new ServerClient(url, null))
                {
                    var settings = await anonymous.GetJsonAsync("api/v1/settings", ct);
                    if (settings["oidcConfig"] is null) throw new UsageException($"{url} has no SSO configured (argocd-cm oidc.config); log in with --username and --password");
                }
                var port = parsed.GetValue(ssoPort);
                if (port is < 0 or > 65535) throw new UsageException($"--sso-port {port} is not a port");
                var token = await SsoLoopback.LoginAsync(url, port, parsed.GetValue(ssoTimeout) ?? TimeSpan.FromMinutes(5), ct);
                using var client = new ServerClient(url, token);
                var info = await client.GetJsonAsync("api/v1/session/userinfo", ct);
                SessionLogin.Save(url, context, token);
                Console.Out.WriteLine($"'{ServerOutput.Text(info["username"])}' logged in successfully");
            }
            else
            {
                var account = PasswordPrompt.RequireLine(parsed.GetValue(user), "Username: ", "--username");
                var secret = PasswordPrompt.Require(parsed.GetValue(password), "Password: ", "--password");
                await SessionLogin.LoginAsync(url, account, secret, context, ct);
                Console.Out.WriteLine($"'{account}:login' logged in successfully");
            }
            Console.Out.WriteLine($"Context '{context}' updated");
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Logout()
    {
        var name = new Argument<string?>("context") { Description = "The context (default: the current one).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("logout", "End the session of a context: the server revokes it, and its token is removed from the configuration.") { name };
        command.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            var config = ClientConfig.Load();
            var context = (parsed.GetValue(name) is { } given ? config.Find(given) : config.Current)
                ?? throw new UsageException(parsed.GetValue(name) is { } missing ? $"no context \"{missing}\" (see 'hawser context')" : "no current context: log in first");
            if (config.TokenOf(context) is { } token)
            {
                try
                {
                    using var client = new ServerClient(context.Server, token);
                    await client.SendJsonAsync(HttpMethod.Delete, "api/v1/session", null, ct);
                }
                catch (HttpRequestException e)
                {
                    await Console.Error.WriteLineAsync($"warning: the server did not end the session ({e.Message}); the token is removed here all the same");
                }
                config.RemoveToken(context);
                config.Save();
            }
            Console.Out.WriteLine($"Logged out from '{context.Name}'");
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Context()
    {
        var name = new Argument<string?>("context") { Description = "The context to switch to (none: list them).", Arity = ArgumentArity.ZeroOrOne };
        var delete = new Option<bool>("--delete") { Description = "Remove the context instead of switching to it." };
        var command = new Command("context", "List the contexts (servers logged in to) or switch to one.") { name, delete };
        command.SetAction((parsed, ct) => ServerAppCommands.RunAsync(() =>
        {
            var config = ClientConfig.Load();
            if (parsed.GetValue(name) is not { } wanted)
            {
                if (parsed.GetValue(delete)) throw new UsageException("--delete needs the context's name");
                AppOutput.Table(["CURRENT", "NAME", "SERVER"],
                    config.Contexts.Select(c => new[] { c.Name == config.CurrentContext ? "*" : "", c.Name, c.Server }).ToList(), Console.Out, "");
                return Task.FromResult(ExitCodes.Ok);
            }
            if (config.Find(wanted) is null) throw new UsageException($"no context \"{wanted}\" (known: {string.Join(", ", config.Contexts.Select(c => c.Name))})");
            if (parsed.GetValue(delete))
            {
                config.Remove(wanted);
                config.Save();
                Console.Out.WriteLine($"Context '{wanted}' deleted");
            }
            else
            {
                config.CurrentContext = wanted;
                config.Save();
                Console.Out.WriteLine($"Switched to context '{wanted}'");
            }
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }
}
