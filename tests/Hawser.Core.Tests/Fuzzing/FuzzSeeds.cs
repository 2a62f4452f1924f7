namespace Hawser.Core.Tests.Fuzzing;

/// <summary>Valid inputs of each target, the starting points of mutation.</summary>
internal static class FuzzSeeds
{
    public static readonly IReadOnlyList<string> Manifests =
    [
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, labels: {app: web}, annotations: {argocd.argoproj.io/sync-wave: "1"}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                ports: [{containerPort: 80}]
                args: ["--port=80", '--name=x']
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data:
          a: &shared "value"
          b: *shared
          text: |
            line one
            line two
        """,
        """{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"k":"dmFsdWU="},"stringData":{"x":"y"}}]}""",
        "base: &base {a: 1, b: [1, 2.5, -3, 1e3, 0x10, null, ~, true]}\nderived:\n  <<: *base\n  c: !!str 3\n",
    ];

    public static readonly IReadOnlyList<string> Applications =
    [
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: guestbook, namespace: argocd, annotations: {hawser.io/kustomize-build-options: "--enable-helm"}}
        spec:
          project: default
          source:
            repoURL: https://github.com/argoproj/argocd-example-apps.git
            targetRevision: HEAD
            path: guestbook
            helm: {valueFiles: [values.yaml], parameters: [{name: image.tag, value: v1}], valuesObject: {replicas: 2}}
            kustomize: {namePrefix: p-, images: ["nginx=nginx:1.27"]}
          destination: {server: https://kubernetes.default.svc, namespace: guestbook}
          ignoreDifferences: [{group: apps, kind: Deployment, jsonPointers: [/spec/replicas]}]
          syncPolicy:
            automated: {prune: true, selfHeal: true, allowEmpty: false}
            syncOptions: [CreateNamespace=true, ServerSideApply=true]
            retry: {limit: 3, backoff: {duration: 5s, factor: 2, maxDuration: 1m}}
        """,
        """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: clusters}
        spec:
          goTemplate: true
          goTemplateOptions: ["missingkey=error"]
          generators:
          - matrix:
              generators:
              - list: {elements: [{cluster: dev, url: "https://1.2.3.4"}, {cluster: prod, url: "https://5.6.7.8"}]}
              - git: {repoURL: "https://git.example/config.git", revision: HEAD, directories: [{path: "apps/*"}, {path: apps/skip, exclude: true}]}
          template:
            metadata: {name: '{{.cluster}}-{{.path.basename}}'}
            spec:
              project: default
              source: {repoURL: "https://git.example/config.git", targetRevision: HEAD, path: '{{.path.path}}'}
              destination: {server: '{{.url}}', namespace: '{{ .path.basename | lower }}'}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AppProject
        metadata: {name: team}
        spec:
          sourceRepos: ['*']
          destinations: [{server: '*', namespace: 'team-*'}]
          clusterResourceWhitelist: [{group: '', kind: Namespace}]
        """,
    ];

    public static readonly IReadOnlyList<string> BuildOptions =
    [
        "--enable-helm --load-restrictor LoadRestrictionsNone",
        "--load-restrictor=LoadRestrictionsRootOnly --reorder none --helm-kube-version 1.30.0 --env FOO=bar",
        "--enable-alpha-plugins '--helm-api-versions=v1' \"--as-current-user\"",
    ];

    public static readonly IReadOnlyList<string> Revisions = ["main", "HEAD", "v1.2.3", "refs/heads/release-1.0", "0123456789abcdef0123456789abcdef01234567", "feature/x_y.z"];

    public static readonly IReadOnlyList<string> RepoUrls =
    [
        "https://user:s3cr3t-p@ss@git.example:8443/org/repo.git?token=abc&ref=main",
        "ssh://git@github.com/org/repo.git",
        "git@github.com:org/repo.git",
        "file:///srv/git/config",
        "oci://registry.example/charts",
        "https://charts.example/stable/",
        "../relative/path",
    ];

    public static readonly IReadOnlyList<string> GoTemplates =
    [
        "{{ .name }}-{{ .path.basename | upper | trunc 3 }}{{ range $i, $s := .path.segments }}/{{ $i }}:{{ $s }}{{ end }}",
        "{{- if and .values.debug (gt .values.replicas 1) }}{{ printf \"%s-%d\" .name .values.replicas }}{{ else }}{{ default \"x\" .missing }}{{ end -}}",
        "{{ define \"t\" }}[{{ . }}]{{ end }}{{ template \"t\" .name }}{{ with .items }}{{ len . }}{{ index . 1 }}{{ end }}{{ toJson .values | b64enc }}",
        "{{ $x := dict \"a\" 1 \"b\" (list 1 2 3) }}{{ $x.a }}{{ range until 3 }}{{ . }}{{ end }}{{ splitList \"/\" \"a/b/c\" | join \",\" }}{{ semverCompare \">=1.2\" \"1.3.0\" }}",
    ];

    public static readonly IReadOnlyList<string> Expressions =
    [
        "name == \"web\" && values.replicas > 1 || !values.debug",
        "len(items) in [1, 2, 3] ? items[0] + items[-1] : 0",
        "all(items, {# > 0}) and any(path.segments, {# matches \"^a\"}) and name startsWith \"w\"",
        "map(filter(items, # % 2 == 1), # * 2)[0] ?? 1 + values?.missing?.deep",
        "1..3 | sum() + (2 ** 3) / 4 - 5 % 3",
    ];
}
