using System.Collections.Concurrent;
using Hawser.Controller;
using Hawser.Images;
using Hawser.Observability;
using Hawser.Sources;
using Hawser.State;
using Microsoft.Extensions.Logging;

namespace Hawser.ImageAutomation;

/// <summary>Tunables of the <see cref="ImageUpdateController"/>.</summary>
/// <param name="Interval">Time between two passes over the apps (Image Updater's <c>--interval</c>, 2 minutes).</param>
public sealed record ImageAutomationOptions(TimeSpan Interval)
{
    /// <summary>Apps updated at once (Image Updater's <c>--max-concurrency</c> is 10; Git clones are the cost here).</summary>
    public int Concurrency { get; init; } = 4;
}

/// <summary>
/// Image update automation inside <c>hawser server</c>, driven by Argo CD Image Updater's annotations on the
/// Applications unchanged. Every <see cref="ImageAutomationOptions.Interval"/>, for each app of the catalog carrying
/// <c>argocd-image-updater.argoproj.io/image-list</c>, the <see cref="ImageUpdater"/> scans the registries (tag lists
/// cached per repository for half an interval, requests rate limited per registry as registries.conf says) and picks
/// each image's version; then:
/// <list type="bullet">
/// <item><c>write-back-method: git</c>: the new versions are committed to the app's repository and branch in Image
/// Updater's files (<c>.argocd-source-APP.yaml</c>, or the kustomization or values file of <c>write-back-target</c>) with
/// the repository's credentials, a rejected push is retried from the new head, and the app is refreshed so it syncs the
/// commit. While the branch stays at what was written and the choice is unchanged, no clone is made.</item>
/// <item><c>write-back-method: argocd</c> (the default): the versions become parameter overrides kept in the state store
/// (<see cref="StoredParameterOverrides"/>), applied at every render, and the app is refreshed.</item>
/// </list>
/// Each update is logged, counted in Image Updater's metrics (<c>argocd_image_updater_images_updated_total</c>,
/// <c>_errors_total</c>) and written to the audit log with actor <c>controller</c>. One app's failure never stops
/// another; a failure is logged when it first appears or changes, not at every pass.
/// </summary>
public sealed class ImageUpdateController : IAsyncDisposable
{
    private readonly ImageAutomationOptions _options;
    private readonly ImageUpdater _updater;
    private readonly AppController _controller;
    private readonly StoredParameterOverrides _overrides;
    private readonly IAuditLog _audit;
    private readonly HawserMetrics? _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Written> _written = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _failures = new(StringComparer.Ordinal);
    private readonly HashSet<string> _missing = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public ImageUpdateController(
        ImageAutomationOptions options, ImageUpdater updater, AppController controller, StoredParameterOverrides overrides, IAuditLog audit,
        TimeProvider time, ILogger logger, HawserMetrics? metrics = null)
    {
        _options = options;
        _updater = updater;
        _controller = controller;
        _overrides = overrides;
        _audit = audit;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>What a Git write-back left on the branch: the app's declaration it was made for, the versions, and the
    /// revisions at which the branch still holds them (the one seen before writing, and the commit made).</summary>
    private sealed record Written(string Declaration, IReadOnlyList<ImageUpdate> Updates, string SeenRevision, string? Commit);

    /// <summary>Starts the passes: the first at once, then one every interval.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ImageAutomationLog.Started(_logger, _options.Interval);
        _loop = Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(cancellationToken);
            }
            catch (Exception e)
            {
                // A pass cut short by the stop ends the loop, however the cut surfaced.
                if (cancellationToken.IsCancellationRequested) return;
                ImageAutomationLog.PassFailed(_logger, e);
            }
            try
            {
                await Task.Delay(_options.Interval, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over every app that tracks images.</summary>
    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var entries = _controller.Catalog.Entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        var tracked = entries.Where(e => e.App.Application.Metadata.Annotations.ContainsKey(ImageUpdaterAnnotations.Prefix + "image-list")).ToList();
        _metrics?.SetImagesWatched(tracked.Count, tracked.Sum(e => CountImages(e.App.Application)));
        var usingOverrides = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(tracked, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Concurrency), CancellationToken = cancellationToken },
            async (entry, ct) =>
            {
                if (await UpdateAppAsync(entry, ct)) usingOverrides.TryAdd(entry.Name, 0);
            });
        await ForgetOverridesAsync(entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal), usingOverrides.Keys.ToHashSet(StringComparer.Ordinal), cancellationToken);
    }

    /// <summary>Updates one app; true when it uses (or may use, having failed) the argocd write-back's overrides.</summary>
    private async Task<bool> UpdateAppAsync(CatalogEntry entry, CancellationToken cancellationToken)
    {
        var app = entry.App.Application;
        var declaration = entry.App.Manifest.Body.ToJsonString();
        var revision = _controller.StatusOf(app.Name)?.Revision ?? "";
        var written = _written.TryGetValue(app.Name, out var w) && w.Declaration == declaration && (w.SeenRevision == revision || w.Commit == revision) ? w : null;
        ImageUpdateResult result;
        try
        {
            result = await _updater.UpdateAsync(app, written?.Updates, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Image and Git errors name what failed and never hold a secret; anything else is a bug, logged with its stack.
            if (e is not (ImageException or SourceException or Manifests.ManifestException or IOException)) ImageAutomationLog.Unexpected(_logger, app.Name, e);
            await FailedAsync(app, e.Message, cancellationToken);
            return true;
        }

        if (result.Errors.Count > 0) await FailedAsync(app, string.Join("; ", result.Errors), cancellationToken, result.Errors.Count);
        else _failures.TryRemove(app.Name, out _);

        var updates = string.Join(", ", result.Updates.Select(u => $"{u.Alias} {u.Image}:{u.Version}"));
        if (result.Method == WriteBackMethod.Git)
        {
            if (result.Updates.Count > 0) _written[app.Name] = new Written(declaration, result.Updates, revision, result.Commit);
            if (result.Commit is null) return false;
            ImageAutomationLog.Committed(_logger, app.Name, updates, result.Commit, result.Branch ?? "");
            await UpdatedAsync(app, result.Updates.Count, $"images {updates}: commit {result.Commit} on {result.Branch} ({string.Join("; ", result.Changes)})", cancellationToken);
            return false;
        }
        if (result.Updates.Count == 0) return true;
        if (await _overrides.SetAsync(app.Name, result.HelmParameters, result.KustomizeImages, cancellationToken))
        {
            ImageAutomationLog.OverridesSet(_logger, app.Name, updates);
            await UpdatedAsync(app, result.Updates.Count, $"images {updates}: parameter overrides kept by Hawser", cancellationToken);
        }
        return true;
    }

    private async Task UpdatedAsync(Apps.Application app, int images, string detail, CancellationToken cancellationToken)
    {
        _metrics?.ImagesUpdated(app.Name, images);
        // The new versions only deploy once the app is rendered again: at its commit (Git) or with the new overrides.
        _controller.Refresh(app.Name, resolveRevisions: true);
        await _audit.AppendAsync(new AuditEntry(_time.GetUtcNow(), "controller", "controller", [], null, "update-image", "applications",
            app.Name, app.Name, app.Spec.Project, "image-updater", AuditOutcome.Succeeded, detail), cancellationToken);
    }

    private async Task FailedAsync(Apps.Application app, string message, CancellationToken cancellationToken, int images = 1)
    {
        _metrics?.ImageErrors(app.Name, images);
        if (_failures.TryGetValue(app.Name, out var last) && last == message)
        {
            ImageAutomationLog.StillFailing(_logger, app.Name, message);
            return;
        }
        _failures[app.Name] = message;
        ImageAutomationLog.AppFailed(_logger, app.Name, message);
        await _audit.AppendAsync(new AuditEntry(_time.GetUtcNow(), "controller", "controller", [], null, "update-image", "applications",
            app.Name, app.Name, app.Spec.Project, "image-updater", AuditOutcome.Failed, message), cancellationToken);
    }

    /// <summary>
    /// Drops the overrides of apps that no longer use them: present but tracking no image or writing to Git, or absent
    /// from the catalog at two passes in a row (a catalog being reloaded is not a deletion).
    /// </summary>
    private async Task ForgetOverridesAsync(HashSet<string> present, HashSet<string> usingOverrides, CancellationToken cancellationToken)
    {
        var keep = new HashSet<string>(usingOverrides, StringComparer.Ordinal);
        foreach (var app in _missing.ToList())
        {
            if (present.Contains(app)) _missing.Remove(app);
        }
        foreach (var app in _written.Keys.Concat(_failures.Keys).Where(a => !present.Contains(a)).ToList())
        {
            _written.TryRemove(app, out _);
            _failures.TryRemove(app, out _);
        }
        var absent = new List<string>();
        foreach (var app in _overrides.Apps)
        {
            if (present.Contains(app)) continue;
            if (_missing.Add(app)) keep.Add(app);
            else absent.Add(app);
        }
        foreach (var app in absent) _missing.Remove(app);
        foreach (var app in _overrides.Apps.Where(a => !keep.Contains(a))) ImageAutomationLog.OverridesForgotten(_logger, app);
        await _overrides.RetainAsync(keep, cancellationToken);
    }

    private static int CountImages(Apps.Application app) =>
        app.Metadata.Annotations.TryGetValue(ImageUpdaterAnnotations.Prefix + "image-list", out var list)
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Length
            : 0;

    /// <summary>Stops the passes (a pass in progress is cancelled).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
