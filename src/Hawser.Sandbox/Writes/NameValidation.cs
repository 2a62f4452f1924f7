using System.Text.RegularExpressions;
using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Writes;

/// <summary>
/// Object name rules as the API server applies them: DNS-1123 labels for namespaces and services, path-segment names
/// for RBAC kinds, DNS-1123 subdomains for everything else; the messages are the real server's, so kubectl prints the same lines.
/// </summary>
internal static partial class NameValidation
{
    private const string SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    /// <summary>The causes that make <paramref name="name"/> invalid for <paramref name="type"/> (empty when valid).</summary>
    public static List<StatusCause> Validate(ResourceType type, string name)
    {
        var causes = new List<StatusCause>();
        if (name.Length == 0)
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value: name or generateName is required", "metadata.name"));
            return causes;
        }
        if (type.Group == "rbac.authorization.k8s.io")
        {
            if (name is "." or ".." || name.Contains('/') || name.Contains('%'))
                causes.Add(Invalid(name, "may not be '.' or '..' and may not contain '/' or '%'"));
            return causes;
        }
        var label = type.Group.Length == 0 && type.Resource is "namespaces" or "services";
        if (label)
        {
            if (name.Length > 63) causes.Add(Invalid(name, "must be no more than 63 characters"));
            if (!Label().IsMatch(name)) causes.Add(Invalid(name, LabelMessage));
        }
        else
        {
            if (name.Length > 253) causes.Add(Invalid(name, "must be no more than 253 characters"));
            if (!Subdomain().IsMatch(name)) causes.Add(Invalid(name, SubdomainMessage));
        }
        return causes;
    }

    private static StatusCause Invalid(string name, string why) =>
        new("FieldValueInvalid", $"Invalid value: \"{name}\": {why}", "metadata.name");

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
