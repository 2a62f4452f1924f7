using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Compare;

/// <summary>The outcome of comparing one live object with its predicted desired state.</summary>
internal sealed record ObjectDiffResult(bool Equal, KubeObject? Live, KubeObject? Desired, string Diff);

/// <summary>
/// Compares one object: normalise both sides (<see cref="Normalizer"/>), drop the fields <c>ignoreDifferences</c> names,
/// compare, then mask Secret values (<see cref="SecretMasker"/>) before rendering the diff. Nothing unmasked leaves here.
/// </summary>
internal static class ObjectDiff
{
    public static ObjectDiffResult Compare(ResourceKey key, KubeObject? live, KubeObject? predicted, IReadOnlyList<CompiledIgnoreRule> ignore)
    {
        var normalLive = live is null ? null : Normalizer.Normalize(live);
        var normalDesired = predicted is null ? null : Normalizer.Normalize(predicted);
        foreach (var rule in ignore.Where(r => r.Rule.Matches(key)))
        {
            foreach (var path in rule.Paths)
            {
                if (normalLive is not null) path.RemoveFrom(normalLive.Body);
                if (normalDesired is not null) path.RemoveFrom(normalDesired.Body);
            }
            if (rule.Rule.ManagedFieldsManagers is { Count: > 0 } managers && live is not null)
            {
                foreach (var fields in ManagedFieldsFilter.FieldSetsOf(live.Body, managers.ToHashSet(StringComparer.Ordinal)))
                {
                    if (normalLive is not null) ManagedFieldsFilter.Remove(normalLive.Body, fields);
                    if (normalDesired is not null) ManagedFieldsFilter.Remove(normalDesired.Body, fields);
                }
            }
        }
        if (normalLive is not null) Normalizer.DropEmptyMetadataMaps(normalLive.Body);
        if (normalDesired is not null) Normalizer.DropEmptyMetadataMaps(normalDesired.Body);
        var equal = normalLive is not null && normalDesired is not null && JsonNode.DeepEquals(normalLive.Body, normalDesired.Body);
        var (maskedLive, maskedDesired) = SecretMasker.Mask(normalLive, normalDesired);
        var diff = equal ? "" : UnifiedDiff.Render(key.ToString(), maskedLive, maskedDesired);
        return new ObjectDiffResult(equal, maskedLive, maskedDesired, diff);
    }
}
