namespace Hawser.Preview;

/// <summary>
/// Pairs the apps of two revisions by name and keeps those whose objects differ (<see cref="ObjectSetDiff"/>): an app only at
/// the head is added (every object added), one only at the base removed, one at both changed when any object differs. An app
/// that failed to render at either revision is an error, not a change, so a broken head never reads as "everything removed".
/// </summary>
public static class PreviewBuilder
{
    public static PreviewReport Build(PreviewSide baseSide, PreviewSide headSide)
    {
        var before = baseSide.Apps.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var after = headSide.Apps.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var apps = new List<AppPreview>();
        var errors = new List<PreviewError>();
        errors.AddRange(baseSide.Problems.Select(p => new PreviewError("", "base", p)));
        errors.AddRange(headSide.Problems.Select(p => new PreviewError("", "head", p)));
        var unchanged = 0;
        foreach (var name in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var b = before.GetValueOrDefault(name);
            var h = after.GetValueOrDefault(name);
            if (b?.Error is { } baseError) errors.Add(new PreviewError(name, "base", baseError));
            if (h?.Error is { } headError) errors.Add(new PreviewError(name, "head", headError));
            if (b is { Result: null } || h is { Result: null }) continue;
            var objects = ObjectSetDiff.Compare(b?.Result!.Objects ?? [], h?.Result!.Objects ?? []);
            if (b is null) apps.Add(new AppPreview(name, PreviewChange.Added, objects));
            else if (h is null) apps.Add(new AppPreview(name, PreviewChange.Removed, objects));
            else if (objects.Count > 0) apps.Add(new AppPreview(name, PreviewChange.Changed, objects));
            else unchanged++;
        }
        var results = baseSide.Apps.Concat(headSide.Apps).Select(a => a.Result).OfType<Rendering.AppRenderResult>().ToList();
        var renders = new RenderCounts(results.Count(r => !r.FromCache), results.Count(r => r.FromCache));
        return new PreviewReport(baseSide.Commit, headSide.Commit, apps, unchanged, errors, renders);
    }
}
