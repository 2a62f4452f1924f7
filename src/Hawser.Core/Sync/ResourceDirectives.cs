using System.Globalization;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Sync;

/// <summary>
/// What an object's annotations ask of the sync, read once where the object enters the engine so nothing downstream
/// re-parses strings: its wave, whether it is a hook (and of which phases, with which delete policy), its sync options and
/// its compare options.
/// </summary>
/// <param name="Wave">The sync wave (<c>hawser.io/sync-wave</c>, <c>argocd.argoproj.io/sync-wave</c>, else Helm's <c>helm.sh/hook-weight</c>, hook or not); default 0.</param>
/// <param name="Hook">The hook settings, or null for an ordinary object.</param>
/// <param name="Options">The object's sync options, on top of the app's.</param>
/// <param name="IgnoreExtraneous"><c>argocd.argoproj.io/compare-options: IgnoreExtraneous</c>: never makes the app OutOfSync when it is not in Git.</param>
/// <param name="Warnings">Annotations that could not be read, each named.</param>
public sealed record ResourceDirectives(int Wave, HookSpec? Hook, SyncOptionSet Options, bool IgnoreExtraneous, IReadOnlyList<string> Warnings)
{
    public const string HawserWave = "hawser.io/sync-wave";
    public const string ArgoWave = "argocd.argoproj.io/sync-wave";
    public const string ArgoHook = "argocd.argoproj.io/hook";
    public const string ArgoHookDeletePolicy = "argocd.argoproj.io/hook-delete-policy";
    public const string ArgoCompareOptions = "argocd.argoproj.io/compare-options";
    public const string HelmHook = "helm.sh/hook";
    public const string HelmHookWeight = "helm.sh/hook-weight";
    public const string HelmHookDeletePolicy = "helm.sh/hook-delete-policy";

    /// <summary>Reads the directives of <paramref name="obj"/> with the app-level options <paramref name="appOptions"/> underneath.</summary>
    public static ResourceDirectives Of(KubeObject obj, SyncOptionSet appOptions)
    {
        var warnings = new List<string>();
        var hook = HookSpec.Of(obj, warnings);
        // Argo CD falls back to Helm's hook weight for every object, hook or not (gitops-engine syncwaves.Wave).
        var waveText = obj.GetAnnotation(HawserWave) ?? obj.GetAnnotation(ArgoWave) ?? obj.GetAnnotation(HelmHookWeight);
        var wave = 0;
        if (waveText is not null && !int.TryParse(waveText.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out wave))
        {
            warnings.Add($"{obj.Key}: sync wave '{waveText}' is not an integer; wave 0 is used");
            wave = 0;
        }
        var options = SyncOptionSet.ParseAnnotation(obj.GetAnnotation(SyncOptionSet.Annotation), appOptions);
        warnings.AddRange((options.Warnings ?? []).Skip(appOptions.Warnings?.Count ?? 0).Select(w => $"{obj.Key}: {w}"));
        var compare = (obj.GetAnnotation(ArgoCompareOptions) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var ignoreExtraneous = false;
        foreach (var entry in compare)
        {
            // ServerSideDiff is accepted: Hawser's diff is always server-side.
            if (entry == "IgnoreExtraneous") ignoreExtraneous = true;
            else if (!entry.StartsWith("ServerSideDiff", StringComparison.Ordinal) && !entry.StartsWith("IncludeMutationWebhook", StringComparison.Ordinal))
                warnings.Add($"{obj.Key}: compare option '{entry}' is not supported and was ignored");
        }
        return new ResourceDirectives(wave, hook, options, ignoreExtraneous, warnings);
    }
}

/// <summary>
/// A hook: an object that runs in given phases instead of being synced like the others. Argo CD's annotation wins; Helm's
/// <c>helm.sh/hook</c> is mapped as Argo CD maps it (pre-install/pre-upgrade → PreSync, post-install/post-upgrade → PostSync,
/// other Helm hooks have no phase and never run; <c>crd-install</c> is an ordinary object).
/// </summary>
/// <param name="Phases">The phases it runs in (empty: it never runs).</param>
/// <param name="Skip"><c>argocd.argoproj.io/hook: Skip</c>: the object is never applied.</param>
/// <param name="DeletePolicy">When Hawser deletes it.</param>
/// <param name="FromHelm">True when read from Helm's annotations.</param>
public sealed record HookSpec(IReadOnlyList<SyncTaskPhase> Phases, bool Skip, HookDeletePolicy DeletePolicy, bool FromHelm)
{
    internal static HookSpec? Of(KubeObject obj, List<string> warnings)
    {
        if (obj.GetAnnotation(ResourceDirectives.ArgoHook) is { } argo)
        {
            var phases = new List<SyncTaskPhase>();
            var skip = false;
            foreach (var entry in Split(argo))
            {
                if (entry == "Skip") skip = true;
                else if (Enum.TryParse<SyncTaskPhase>(entry, ignoreCase: false, out var phase) && Enum.IsDefined(phase)) phases.Add(phase);
                else warnings.Add($"{obj.Key}: hook type '{entry}' is not supported and was ignored");
            }
            return new HookSpec(phases.Distinct().Order().ToList(), skip, DeletePolicyOf(obj, warnings), FromHelm: false);
        }
        if (obj.GetAnnotation(ResourceDirectives.HelmHook) is { } helm)
        {
            var entries = Split(helm).ToList();
            if (entries.All(e => e == "crd-install")) return null;
            var phases = new List<SyncTaskPhase>();
            foreach (var entry in entries)
            {
                switch (entry)
                {
                    case "pre-install" or "pre-upgrade": phases.Add(SyncTaskPhase.PreSync); break;
                    case "post-install" or "post-upgrade": phases.Add(SyncTaskPhase.PostSync); break;
                }
            }
            return new HookSpec(phases.Distinct().Order().ToList(), Skip: false, DeletePolicyOf(obj, warnings), FromHelm: true);
        }
        return null;
    }

    private static HookDeletePolicy DeletePolicyOf(KubeObject obj, List<string> warnings)
    {
        var text = obj.GetAnnotation(ResourceDirectives.ArgoHookDeletePolicy) ?? obj.GetAnnotation(ResourceDirectives.HelmHookDeletePolicy);
        if (text is null) return HookDeletePolicy.BeforeHookCreation;
        var policy = HookDeletePolicy.None;
        foreach (var entry in Split(text))
        {
            policy |= entry switch
            {
                "BeforeHookCreation" or "before-hook-creation" => HookDeletePolicy.BeforeHookCreation,
                "HookSucceeded" or "hook-succeeded" => HookDeletePolicy.HookSucceeded,
                "HookFailed" or "hook-failed" => HookDeletePolicy.HookFailed,
                _ => Warn(warnings, $"{obj.Key}: hook delete policy '{entry}' is not supported and was ignored"),
            };
        }
        return policy;
    }

    private static HookDeletePolicy Warn(List<string> warnings, string message)
    {
        warnings.Add(message);
        return HookDeletePolicy.None;
    }

    private static IEnumerable<string> Split(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
