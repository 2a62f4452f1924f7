using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hawser.Apps;

namespace Hawser.Rendering;

/// <summary>
/// The whole environment of a config management plugin's commands, as Argo CD builds it and nothing of Hawser's own: <c>PATH</c>,
/// <c>HOME</c> and <c>TMPDIR</c> in the render's scratch directory, the build environment (<see cref="BuildEnvironment"/>), every
/// <c>plugin.env</c> entry as <c>ARGOCD_ENV_NAME</c> (its value substituted with the build environment), and the app's
/// <c>plugin.parameters</c> as <c>ARGOCD_APP_PARAMETERS</c> JSON and one <c>PARAM_*</c> variable per value.
/// </summary>
internal static partial class PluginEnvironment
{
    public static Dictionary<string, string?> Build(SourceContext context, string home, string temp)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = home,
            ["TMPDIR"] = temp,
        };
        foreach (var (name, value) in context.Build) env[name] = value;
        var plugin = context.Source.Plugin;
        foreach (var entry in plugin?.Env ?? []) env["ARGOCD_ENV_" + entry.Name] = BuildEnvironment.Substitute(entry.Value, context.Build);
        var parameters = plugin?.Parameters ?? [];
        if (parameters.Count == 0) return env;
        env["ARGOCD_APP_PARAMETERS"] = ParametersJson(parameters);
        foreach (var parameter in parameters)
        {
            var baseName = "PARAM_" + Escape(parameter.Name);
            if (parameter.String is not null) env[baseName] = parameter.String;
            foreach (var (key, value) in parameter.Map ?? new Dictionary<string, string>()) env[$"{baseName}_{Escape(key)}"] = value;
            foreach (var (value, i) in (parameter.Array ?? []).Select((v, i) => (v, i))) env[$"{baseName}_{i}"] = value;
        }
        return env;
    }

    /// <summary><c>[{"name":"a","string":"x"},{"name":"b","map":{"k":"v"}},{"name":"c","array":["1"]}]</c>, map keys sorted.</summary>
    private static string ParametersJson(IReadOnlyList<PluginParameter> parameters)
    {
        var array = new JsonArray();
        foreach (var parameter in parameters)
        {
            var item = new JsonObject { ["name"] = parameter.Name };
            if (parameter.String is not null) item["string"] = parameter.String;
            if (parameter.Map is not null)
                item["map"] = new JsonObject(parameter.Map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
            if (parameter.Array is not null) item["array"] = new JsonArray(parameter.Array.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            array.Add((JsonNode)item);
        }
        return array.ToJsonString();
    }

    private static string Escape(string name) => NotEnvironmentCharacter().Replace(name.ToUpperInvariant(), "_");

    [GeneratedRegex("[^A-Z0-9_]")]
    private static partial Regex NotEnvironmentCharacter();
}
