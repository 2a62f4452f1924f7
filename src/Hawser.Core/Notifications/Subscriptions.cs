namespace Hawser.Notifications;

/// <summary>A global subscription (an entry of the ConfigMap's <c>subscriptions</c>): these recipients hear these triggers
/// (the default triggers when none are named) of every app whose labels match the selector.</summary>
public sealed record GlobalSubscription(IReadOnlyList<Destination> Recipients, IReadOnlyList<string> Triggers, LabelSelectorText? Selector);

/// <summary>
/// Who hears what about one app: the app's annotations and its AppProject's
/// (<c>notifications.argoproj.io/subscribe.TRIGGER.SERVICE: r1;r2</c>, or <c>subscribe.SERVICE</c> for the default
/// triggers), and the global subscriptions whose selector matches the app's labels.
/// </summary>
public static class Subscriptions
{
    /// <summary>The annotation prefix of a subscription.</summary>
    public const string AnnotationPrefix = "notifications.argoproj.io/subscribe.";

    /// <summary>Destinations by trigger name, each list sorted and without duplicates.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Destination>> Resolve(
        NotificationConfig config,
        IReadOnlyDictionary<string, string> appAnnotations,
        IReadOnlyDictionary<string, string>? projectAnnotations,
        IReadOnlyDictionary<string, string> appLabels)
    {
        var result = new SortedDictionary<string, SortedSet<(string Service, string Recipient)>>(StringComparer.Ordinal);
        void Add(string trigger, Destination destination)
        {
            if (!result.TryGetValue(trigger, out var set)) result[trigger] = set = [];
            set.Add((destination.Service, destination.Recipient));
        }
        foreach (var annotations in new[] { projectAnnotations, appAnnotations })
        {
            if (annotations is null) continue;
            foreach (var (key, value) in annotations)
            {
                if (!key.StartsWith(AnnotationPrefix, StringComparison.Ordinal)) continue;
                var rest = key[AnnotationPrefix.Length..];
                var dot = rest.LastIndexOf('.');
                var (trigger, service) = dot < 0 ? (null, rest) : (rest[..dot], rest[(dot + 1)..]);
                if (service.Length == 0) continue;
                foreach (var recipient in Recipients(value))
                {
                    foreach (var name in trigger is null ? config.DefaultTriggersFor(service) : [trigger]) Add(name, new Destination(service, recipient));
                }
            }
        }
        foreach (var subscription in config.Subscriptions)
        {
            if (subscription.Selector is { } selector && !selector.Matches(appLabels)) continue;
            foreach (var destination in subscription.Recipients)
            {
                var triggers = subscription.Triggers.Count > 0 ? subscription.Triggers : config.DefaultTriggersFor(destination.Service);
                foreach (var trigger in triggers) Add(trigger, destination);
            }
        }
        return result.ToDictionary(p => p.Key, p => (IReadOnlyList<Destination>)p.Value.Select(d => new Destination(d.Service, d.Recipient)).ToList(), StringComparer.Ordinal);
    }

    // "a;b" → a, b (whitespace trimmed); an empty value is one empty recipient (a webhook or robot needs none).
    private static IEnumerable<string> Recipients(string value)
    {
        var parts = value.Split(';', StringSplitOptions.TrimEntries).Where(p => p.Length > 0).ToList();
        return parts.Count == 0 ? [""] : parts;
    }
}
