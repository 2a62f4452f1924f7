using Hawser.Health.Checks;
using Hawser.Health.Lua;
using Hawser.Manifests;

namespace Hawser.Health;

/// <summary>Creates <see cref="IHealthAssessor"/>s: built-in checks, optionally overridden by custom Lua checks.</summary>
public static class HealthAssessor
{
    /// <summary>
    /// An assessor with the built-in checks and generic rules, and <paramref name="customChecks"/> (if any) taking
    /// precedence for the kinds they match.
    /// </summary>
    public static IHealthAssessor Create(CustomHealthChecks? customChecks = null) =>
        new DefaultHealthAssessor(customChecks ?? CustomHealthChecks.Empty);
}

/// <summary>Deletion first, then a custom check, then the built-in check, then the generic rules.</summary>
internal sealed class DefaultHealthAssessor(CustomHealthChecks customChecks) : IHealthAssessor
{
    private readonly LuaHealthRunner _lua = new();

    public HealthResult? Assess(KubeObject live)
    {
        ArgumentNullException.ThrowIfNull(live);
        if (Fields.At(live.Body, "metadata", "deletionTimestamp") is not null)
            return HealthResult.Progressing("Pending deletion");

        var groupKind = new GroupKind(live.Group, live.Kind);
        if (customChecks.Find(groupKind) is { } script)
        {
            var custom = _lua.Run(script, live);
            if (custom is not null) return custom;
        }

        if (BuiltInHealthChecks.Find(groupKind) is { } builtIn) return builtIn(live);
        if (CrossplaneHealth.HasCrossplaneConditions(live)) return CrossplaneHealth.Assess(live);
        return GenericHealth.Assess(live);
    }
}
