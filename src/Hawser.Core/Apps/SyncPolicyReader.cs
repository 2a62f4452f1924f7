namespace Hawser.Apps;

/// <summary>Reads spec.syncPolicy.</summary>
internal static class SyncPolicyReader
{
    public static SyncPolicy? Read(FieldCursor spec)
    {
        var p = spec.Object("syncPolicy");
        if (p is null) return null;

        AutomatedSyncPolicy? automated = null;
        if (p.Object("automated") is { } a)
        {
            var enabled = a.Bool("enabled", defaultValue: true);
            var policy = new AutomatedSyncPolicy(a.Bool("prune"), a.Bool("selfHeal"), a.Bool("allowEmpty"));
            a.Finish();
            if (enabled) automated = policy;
        }

        var options = SyncOptions.Parse(
            p.StringList("syncOptions"),
            invalid: entry => p.Error("syncOptions", $"\"{entry}\" is not of the form Key=value"),
            unknown: key => p.Warn("syncOptions", $"unknown sync option {key}, ignored"));

        RetryStrategy? retry = null;
        if (p.Object("retry") is { } r)
        {
            var limit = r.Integer("limit") ?? 0;
            if (limit > int.MaxValue || limit < int.MinValue) r.Error("limit", "is out of range");
            var backoff = RetryBackoff.Default;
            if (r.Object("backoff") is { } b)
            {
                var duration = ReadDuration(b, "duration", backoff.Duration);
                var factor = b.Number("factor") ?? backoff.Factor;
                if (factor < 1) b.Error("factor", "must be 1 or more");
                var max = ReadDuration(b, "maxDuration", backoff.MaxDuration);
                b.Finish();
                backoff = new RetryBackoff(duration, factor, max);
            }
            r.Finish();
            retry = new RetryStrategy((int)Math.Clamp(limit, int.MinValue, int.MaxValue), backoff);
        }

        ManagedNamespaceMetadata? managed = null;
        if (p.Object("managedNamespaceMetadata") is { } m)
        {
            managed = new ManagedNamespaceMetadata(m.StringMap("labels"), m.StringMap("annotations"));
            m.Finish();
        }
        p.Finish();
        return new SyncPolicy(automated, options, retry, managed);
    }

    private static TimeSpan ReadDuration(FieldCursor c, string key, TimeSpan fallback)
    {
        var text = c.NonEmptyString(key);
        if (text is null) return fallback;
        if (GoDuration.TryParse(text, out var value)) return value;
        c.Error(key, $"\"{text}\" is not a duration (examples: 5s, 1m30s, 2h)");
        return fallback;
    }
}
