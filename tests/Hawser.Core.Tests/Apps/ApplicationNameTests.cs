using Hawser.Apps;
using Hawser.Manifests;

namespace Hawser.Core.Tests.Apps;

public sealed class ApplicationNameTests
{
    private static ApplicationReadResult Read(string name, string project = "default", string ns = "web") =>
        ApplicationReader.Read(ManifestReader.Read($$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: "{{name}}"
              namespace: argocd
            spec:
              project: "{{project}}"
              source: {repoURL: https://git.example.com/c.git, path: web}
              destination: {server: https://kubernetes.default.svc, namespace: "{{ns}}"}
            """, "apps/web.yaml"));

    [Theory]
    [InlineData("../../x")]
    [InlineData("x y")]
    [InlineData("UPPER")]
    [InlineData("Bad_Name")]
    [InlineData("victim:/ConfigMap:ns/name")]
    [InlineData("-lead")]
    public void Application_names_that_kubernetes_refuses_are_errors_in_its_words(string name)
    {
        var result = Read(name);
        Assert.Empty(result.Applications);
        var error = Assert.Single(result.Errors);
        Assert.Equal("metadata.name", error.Field);
        Assert.Contains($"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Project_and_destination_namespace_names_are_validated()
    {
        var result = Read("web", project: "My Project", ns: "team.a");
        Assert.Equal(["spec.project", "spec.destination.namespace"], result.Errors.Select(e => e.Field));
        Assert.Contains("RFC 1123 label", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_names_with_dots_and_digits_are_read()
    {
        var result = Read("web.prod-2", project: "team-a", ns: "web-2");
        Assert.Empty(result.Errors);
        Assert.Equal("web.prod-2", Assert.Single(result.Applications).Name);
    }
}
