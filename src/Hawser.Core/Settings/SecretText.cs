namespace Hawser.Settings;

/// <summary>
/// A secret value read from a Secret (a token, a password, a private key, a webhook secret). <see cref="ToString"/> shows
/// <c>***</c>, so a record holding one can be logged, formatted or serialised by accident without leaking it; code that
/// needs the value asks for <see cref="Reveal"/> by name.
/// </summary>
public sealed class SecretText : IEquatable<SecretText>
{
    private readonly string _value;

    public SecretText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The secret itself; pass it only to what must use it (a header, a tool's environment), never to a message.</summary>
    public string Reveal() => _value;

    /// <summary>Whether the value is empty.</summary>
    public bool IsEmpty => _value.Length == 0;

    public override string ToString() => "***";

    public bool Equals(SecretText? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as SecretText);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);
}
