using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.Manifests;
using Hawser.Rendering;

namespace Hawser.AppSets;

/// <summary>
/// Generates the Applications an ApplicationSet declares: runs every generator (<c>list</c>, <c>clusters</c>, <c>git</c>
/// directories and files, <c>matrix</c>, <c>merge</c>), filters each generator's parameter sets by its <c>selector</c>, renders
/// the template (spec.template merged with the generator's own) with each set — Argo CD's <c>{{param}}</c> substitution, or Go
/// templates with <c>goTemplate: true</c> — applies <c>templatePatch</c>, and validates each Application.
/// <para>Nothing fails as a whole: a generator that fails, an unsupported generator, a template that does not render, an
/// invalid Application or two Applications of one name each become a condition naming the set, the generator element and the
/// field, and the rest is still generated. Such a generation is incomplete (<see cref="AppSetGeneration.IsComplete"/>), so no
/// Application is deleted because of it.</para>
/// </summary>
public sealed class ApplicationSetGenerator
{
    private readonly Func<string, string, CancellationToken, Task<RepositorySnapshot>> _openRepository;

    /// <param name="repositories">Reads git generator repositories the way Application sources are read (overrides, credentials, cache).</param>
    public ApplicationSetGenerator(AppRenderer repositories)
    {
        _openRepository = repositories.OpenRepositoryAsync;
    }

    /// <summary>Generates the set's Applications for the given registered clusters (the in-cluster one is added as Argo CD does).</summary>
    public async Task<AppSetGeneration> GenerateAsync(ApplicationSet set, IReadOnlyList<AppSetCluster> clusters, CancellationToken cancellationToken)
    {
        var conditions = new List<AppSetCondition>();
        var warnings = new List<string>();
        var apps = new List<GeneratedApplication>();
        var byName = new Dictionary<string, GeneratedApplication>(StringComparer.Ordinal);
        var runner = new GeneratorRunner(set.Spec, clusters, _openRepository);
        var templater = ParamTemplater.For(set.Spec);
        foreach (var generator in set.Spec.Generators)
        {
            var unsupported = Unsupported(generator).ToList();
            if (unsupported.Count > 0)
            {
                foreach (var u in unsupported)
                    conditions.Add(Error("UnsupportedGenerator", $"{set}: {u.Path}: the {u.Name} generator is not supported by Hawser; it generates no Applications"));
                continue;
            }
            List<ParamSet> sets;
            try
            {
                sets = await runner.RunAsync(generator, cancellationToken);
            }
            catch (GeneratorException e)
            {
                conditions.Add(Error("ApplicationGenerationFromParamsError", $"{set}: {e.Message}"));
                continue;
            }
            foreach (var parameters in sets)
            {
                KubeObject manifest;
                try
                {
                    manifest = Render(set, generator.Template, parameters, templater);
                }
                catch (AppSetTemplateException e)
                {
                    conditions.Add(Error("RenderTemplateParamsError", $"{set}: {parameters.Origin}: {e.Message}"));
                    continue;
                }
                var read = ApplicationReader.Read([manifest]);
                if (read.Errors.Count > 0 || read.Applications.Count == 0)
                {
                    var why = read.Errors.Count > 0 ? string.Join("; ", read.Errors.Select(d => $"{d.Object}: {d.Field}: {d.Message}")) : "the template does not produce an Application";
                    conditions.Add(Error("ApplicationValidationError", $"{set}: {parameters.Origin}: {why}"));
                    continue;
                }
                warnings.AddRange(read.Warnings.Select(w => $"{set}: {parameters.Origin}: {w.Object}: {w.Field}: {w.Message}"));
                var app = new GeneratedApplication(new AppDefinition(read.Applications[0], manifest), parameters.Origin);
                if (byName.TryGetValue(app.Name, out var first))
                {
                    conditions.Add(Error("ApplicationNameCollision", $"{set}: Application \"{app.Name}\" is generated twice, by {first.Origin} and by {app.Origin}; the second is left out"));
                    continue;
                }
                byName[app.Name] = app;
                apps.Add(app);
            }
        }
        if (conditions.Count == 0)
            conditions.Add(new AppSetCondition(AppSetCondition.ParametersGenerated, "ParametersGenerated", $"{set}: generated {apps.Count} Application{(apps.Count == 1 ? "" : "s")}"));
        return new AppSetGeneration(set, apps, conditions, runner.Revisions, warnings.Distinct().ToList());
    }

    private static IEnumerable<UnsupportedGenerator> Unsupported(AppSetGenerator generator) => generator switch
    {
        UnsupportedGenerator u => [u],
        MatrixGenerator m => m.Children.SelectMany(Unsupported),
        MergeGenerator m => m.Children.SelectMany(Unsupported),
        _ => [],
    };

    private static KubeObject Render(ApplicationSet set, JsonObject? generatorTemplate, ParamSet parameters, ParamTemplater templater)
    {
        var template = generatorTemplate is null ? set.Spec.Template : Params.MergeNonEmpty(set.Spec.Template, generatorTemplate);
        var rendered = (JsonObject)templater.RenderTree(template, parameters.Values, "spec.template")!;
        if (set.Spec.TemplatePatch is { } patchTemplate)
        {
            var text = templater.Render(patchTemplate, parameters.Values, "spec.templatePatch");
            JsonNode? patch;
            try
            {
                patch = YamlDocuments.Parse(text, "spec.templatePatch").FirstOrDefault()?.Root;
            }
            catch (ManifestException e)
            {
                throw new AppSetTemplateException($"spec.templatePatch: the rendered patch is not YAML: {e.Message}");
            }
            if (patch is JsonObject p) rendered = MergePatch.Apply(rendered, p);
            else if (patch is not null) throw new AppSetTemplateException("spec.templatePatch: the rendered patch is not a map (expected metadata and/or spec)");
        }
        var metadata = rendered["metadata"] as JsonObject ?? [];
        if (metadata["namespace"] is null && set.Metadata.Namespace.Length > 0) metadata["namespace"] = set.Metadata.Namespace;
        var body = new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Application",
            ["metadata"] = metadata.DeepClone(),
            ["spec"] = rendered["spec"]?.DeepClone() ?? new JsonObject(),
        };
        return new KubeObject(body);
    }

    private static AppSetCondition Error(string reason, string message) => new(AppSetCondition.ErrorOccurred, reason, message);
}
