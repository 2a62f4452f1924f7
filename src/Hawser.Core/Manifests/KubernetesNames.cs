using System.Text.RegularExpressions;

namespace Hawser.Manifests;

/// <summary>
/// Kubernetes' name rules (k8s.io/apimachinery validation), with its messages: object names such as an Application's or an
/// AppProject's are RFC 1123 subdomains, namespaces are RFC 1123 labels. A valid name holds no <c>:</c>, <c>/</c>, space,
/// upper-case letter or <c>..</c>, so it can neither spoof a tracking id nor escape a directory.
/// </summary>
public static partial class KubernetesNames
{
    private const string LabelPattern = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string SubdomainPattern = LabelPattern + "(\\." + LabelPattern + ")*";

    /// <summary>Null when <paramref name="value"/> is a valid RFC 1123 subdomain (at most 253 characters); otherwise why not.</summary>
    public static string? SubdomainError(string value)
    {
        if (value.Length > 253) return "must be no more than 253 characters";
        return Subdomain().IsMatch(value) ? null
            : $"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '{SubdomainPattern}')";
    }

    /// <summary>Null when <paramref name="value"/> is a valid RFC 1123 label (at most 63 characters); otherwise why not.</summary>
    public static string? LabelError(string value)
    {
        if (value.Length > 63) return "must be no more than 63 characters";
        return Label().IsMatch(value) ? null
            : $"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '{LabelPattern}')";
    }

    [GeneratedRegex("^" + SubdomainPattern + "$", RegexOptions.CultureInvariant)]
    private static partial Regex Subdomain();

    [GeneratedRegex("^" + LabelPattern + "$", RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}
