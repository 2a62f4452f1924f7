using System.CommandLine;
using System.Text.Json.Nodes;

namespace Hawser.Cli.Commands;

/// <summary>
/// <c>hawser proj list|get</c>: the AppProjects of a server (declared in Git), as the caller may see them; <c>hawser proj role
/// create-token|list-tokens|delete-token</c>: the tokens of a project role (for CI), as <c>argocd proj role</c> manages them.
/// </summary>
internal static class ProjCommand
{
    public static Command Create()
    {
        var command = new Command("proj", "List and show the AppProjects of a Hawser server.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Get());
        var role = new Command("role", "Manage the tokens of a project role: a token acts with the role's policies only.");
        role.Subcommands.Add(CreateToken());
        role.Subcommands.Add(ListTokens());
        role.Subcommands.Add(DeleteToken());
        command.Subcommands.Add(role);
        return command;
    }

    private static string RolePath(ParseResult parsed, Argument<string> project, Argument<string> role) =>
        $"api/v1/projects/{Uri.EscapeDataString(parsed.GetValue(project)!)}/roles/{Uri.EscapeDataString(parsed.GetValue(role)!)}/token";

    private static (Argument<string> Project, Argument<string> Role) RoleArguments() =>
        (new Argument<string>("project") { Description = "The project." }, new Argument<string>("role") { Description = "The role, as the project declares it." });

    private static Command CreateToken()
    {
        var server = new ServerAppCommands.ServerOptions();
        var (project, role) = RoleArguments();
        var expiresIn = DurationText.Option("--expires-in", "How long the token is valid, e.g. 12h or 7d (default: it never expires).");
        var command = new Command("create-token", "Create a token for a project role; prints the token.") { project, role, expiresIn };
        server.AddTo(command);
        command.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            using var client = server.Require(parsed, null);
            var body = new JsonObject();
            if (parsed.GetValue(expiresIn) is { } expires && expires > TimeSpan.Zero) body["expiresIn"] = (long)Math.Ceiling(expires.TotalSeconds);
            var answer = await client.SendJsonAsync(HttpMethod.Post, RolePath(parsed, project, role), body, ct);
            Console.Out.WriteLine(ServerOutput.Text(answer["token"]));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command ListTokens()
    {
        var server = new ServerAppCommands.ServerOptions();
        var (project, role) = RoleArguments();
        var format = ServerOutput.FormatOption();
        var command = new Command("list-tokens", "List the tokens of a project role: id, issued, expires, revoked.") { project, role, format };
        server.AddTo(command);
        command.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            using var client = server.Require(parsed, null);
            var items = ServerOutput.Items(await client.GetJsonAsync(RolePath(parsed, project, role), ct));
            ServerOutput.List(items, parsed.GetValue(format)!, ["ID", "ISSUED-AT", "EXPIRES-AT", "REVOKED"],
                t => [ServerOutput.Text(t["id"]), ServerOutput.Text(t["issuedAt"]), ServerOutput.Text(t["expiresAt"]), ServerOutput.Text(t["revoked"])],
                t => ServerOutput.Text(t["id"]), Console.Out);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command DeleteToken()
    {
        var server = new ServerAppCommands.ServerOptions();
        var (project, role) = RoleArguments();
        var id = new Argument<string>("id") { Description = "The token's id (see 'hawser proj role list-tokens')." };
        var command = new Command("delete-token", "Revoke a token of a project role by id; it is refused from the next request on.") { project, role, id };
        server.AddTo(command);
        command.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            using var client = server.Require(parsed, null);
            await client.SendJsonAsync(HttpMethod.Delete, $"{RolePath(parsed, project, role)}/{Uri.EscapeDataString(parsed.GetValue(id)!)}", null, ct);
            Console.Out.WriteLine($"Token {parsed.GetValue(id)} of role '{parsed.GetValue(role)}' in project '{parsed.GetValue(project)}' revoked");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List()
    {
        var server = new ServerAppCommands.ServerOptions();
        var format = ServerOutput.FormatOption();
        var command = new Command("list", "List the AppProjects the caller may see: description, destinations, source repositories.") { format };
        server.AddTo(command);
        command.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            using var client = server.Require(parsed, null);
            var items = ServerOutput.Items(await client.GetJsonAsync("api/v1/projects", ct));
            ServerOutput.List(items, parsed.GetValue(format)!, ["NAME", "DESCRIPTION", "DESTINATIONS", "SOURCES", "CLUSTER-RESOURCE-WHITELIST"], Row, Name, Console.Out);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Get()
    {
        var server = new ServerAppCommands.ServerOptions();
        var name = new Argument<string>("name") { Description = "The project." };
        var format = new Option<string>("--output", "-o") { Description = "table (default), json or yaml.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "yaml");
        var command = new Command("get", "Show an AppProject: its destinations, source repositories, resource lists, roles and sync windows.") { name, format };
        server.AddTo(command);
        command.SetAction((parsed, ct) => ServerAppCommands.RunAsync(async () =>
        {
            using var client = server.Require(parsed, null);
            var project = await client.GetJsonAsync($"api/v1/projects/{Uri.EscapeDataString(parsed.GetValue(name)!)}", ct);
            if (parsed.GetValue(format) is "json" or "yaml") ServerOutput.One(project, parsed.GetValue(format)!, Console.Out);
            else Details(project, Console.Out);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Details(JsonObject project, TextWriter output)
    {
        var spec = project["spec"];
        output.WriteLine($"Name:                        {Name(project)}");
        output.WriteLine($"Description:                 {ServerOutput.Text(spec?["description"])}");
        output.WriteLine($"Destinations:                {Destinations(project)}");
        output.WriteLine($"Repositories:                {ServerOutput.Join(spec?["sourceRepos"])}");
        output.WriteLine($"Source Namespaces:           {ServerOutput.Join(spec?["sourceNamespaces"])}");
        output.WriteLine($"Allowed Cluster Resources:   {Kinds(spec?["clusterResourceWhitelist"])}");
        output.WriteLine($"Denied Cluster Resources:    {Kinds(spec?["clusterResourceBlacklist"])}");
        output.WriteLine($"Allowed Namespace Resources: {Kinds(spec?["namespaceResourceWhitelist"])}");
        output.WriteLine($"Denied Namespace Resources:  {Kinds(spec?["namespaceResourceBlacklist"])}");
        output.WriteLine($"Roles:                       {string.Join(",", (spec?["roles"] as JsonArray ?? []).Select(r => ServerOutput.Text(r?["name"])))}");
        var windows = (spec?["syncWindows"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(w => $"{ServerOutput.Text(w["kind"])} {ServerOutput.Text(w["schedule"])} for {ServerOutput.Text(w["duration"])}").ToList();
        output.WriteLine($"Sync Windows:                {(windows.Count == 0 ? "<none>" : string.Join("; ", windows))}");
    }

    private static string[] Row(JsonObject project)
    {
        var spec = project["spec"];
        return [Name(project), ServerOutput.Text(spec?["description"]), Destinations(project), ServerOutput.Join(spec?["sourceRepos"]), Kinds(spec?["clusterResourceWhitelist"])];
    }

    private static string Name(JsonObject project) => ServerOutput.Text(project["metadata"]?["name"]);

    private static string Destinations(JsonObject project)
    {
        var destinations = (project["spec"]?["destinations"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(d => $"{(ServerOutput.Text(d["server"]) is { Length: > 0 } s ? s : ServerOutput.Text(d["name"]))},{ServerOutput.Text(d["namespace"])}").ToList();
        return destinations.Count == 0 ? "<none>" : destinations.Count > 1 ? $"{destinations.Count} destinations" : destinations[0];
    }

    private static string Kinds(JsonNode? list)
    {
        var kinds = (list as JsonArray ?? []).OfType<JsonObject>().Select(k => $"{ServerOutput.Text(k["group"])}/{ServerOutput.Text(k["kind"])}").ToList();
        return kinds.Count == 0 ? "<none>" : string.Join(",", kinds);
    }
}
