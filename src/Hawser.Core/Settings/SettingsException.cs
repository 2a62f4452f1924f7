namespace Hawser.Settings;

/// <summary>
/// Settings that cannot be used: every problem found, each naming the object (and its file), the key or field, and what is
/// wrong. Messages never contain a secret value.
/// </summary>
public sealed class SettingsException : Exception
{
    public SettingsException(IReadOnlyList<string> problems)
        : base(problems.Count == 1 ? problems[0] : $"{problems.Count} problems in the settings:\n  " + string.Join("\n  ", problems))
    {
        Problems = problems;
    }

    /// <summary>Each problem, one line each, in a stable order.</summary>
    public IReadOnlyList<string> Problems { get; }
}

/// <summary>
/// Something in the settings that Hawser reads but does not act on (an unknown key, an Argo CD feature Hawser lacks).
/// </summary>
/// <param name="Object">The object, e.g. <c>ConfigMap/argocd-cm (settings/argocd-cm.yaml, document 1)</c>.</param>
/// <param name="Key">The key or field.</param>
/// <param name="Message">What Hawser does with it.</param>
public sealed record SettingsWarning(string Object, string Key, string Message)
{
    public override string ToString() => $"{Object}: {Key}: {Message}";
}

/// <summary>Collects errors and warnings while settings are read, so all are reported at once.</summary>
internal sealed class SettingsProblems
{
    private readonly List<string> _errors = [];
    private readonly List<SettingsWarning> _warnings = [];

    public IReadOnlyList<SettingsWarning> Warnings => _warnings;

    public void Error(SettingsObject obj, string key, string message) => _errors.Add($"{obj}: {key}: {message}");

    public void Error(string message) => _errors.Add(message);

    public void Warn(SettingsObject obj, string key, string message) => _warnings.Add(new SettingsWarning(obj.ToString(), key, message));

    public void Warn(string obj, string key, string message) => _warnings.Add(new SettingsWarning(obj, key, message));

    /// <summary>Throws a <see cref="SettingsException"/> when any error was recorded.</summary>
    public void ThrowIfErrors()
    {
        if (_errors.Count > 0) throw new SettingsException(_errors.ToList());
    }
}
