using Hawser.Testing;

namespace Hawser.Core.Tests.Rendering;

/// <summary>A realistic chart repository: a web chart with a local file:// dependency, layered values, a CRD, and an app-of-apps chart.</summary>
internal static class HelmFixtures
{
    public static void WriteWebChart(TempDirectory repo, string path = "charts/web")
    {
        repo.Write($"{path}/Chart.yaml", """
            apiVersion: v2
            name: web
            version: 1.2.0
            appVersion: "2.0"
            dependencies:
            - name: common
              version: 0.1.0
              repository: file://../common
            """);
        repo.Write($"{path}/values.yaml", """
            replicas: 1
            image: {repository: nginx, tag: "1.27"}
            env: dev
            greeting: hello
            common: {note: from-parent}
            """);
        repo.Write($"{path}/values.prod.yaml", "replicas: 3\nenv: prod\n");
        repo.Write($"{path}/files/motd.txt", "welcome, operator\n");
        repo.Write($"{path}/crds/widget.yaml", """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              names: {kind: Widget, plural: widgets, singular: widget}
              scope: Namespaced
              versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]
            """);
        repo.Write($"{path}/templates/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ .Release.Name }}
              namespace: {{ .Release.Namespace }}
              labels: {app: {{ .Chart.Name }}, env: {{ .Values.env | quote }}}
            spec:
              replicas: {{ .Values.replicas }}
              selector: {matchLabels: {app: {{ .Release.Name }}}}
              template:
                metadata: {labels: {app: {{ .Release.Name }}}}
                spec:
                  containers:
                  - name: web
                    image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                    {{- if .Values.extraArgs }}
                    args: {{ toJson .Values.extraArgs }}
                    {{- end }}
            """);
        repo.Write($"{path}/templates/service.yaml", """
            apiVersion: v1
            kind: Service
            metadata: {name: {{ .Release.Name }}}
            spec:
              selector: {app: {{ .Release.Name }}}
              ports: [{port: 80, targetPort: 8080}]
            """);
        repo.Write($"{path}/templates/configmap.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: {{ .Release.Name }}-config}
            data:
              greeting: {{ .Values.greeting | quote }}
              kube: {{ .Capabilities.KubeVersion.Version | quote }}
              {{- if .Values.motd }}
              motd: {{ .Values.motd | quote }}
              {{- end }}
              {{- if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}
              monitoring: "yes"
              {{- end }}
            """);
        repo.Write("charts/common/Chart.yaml", "apiVersion: v2\nname: common\nversion: 0.1.0\n");
        repo.Write("charts/common/values.yaml", "note: default\n");
        repo.Write("charts/common/templates/cm.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: {{ .Release.Name }}-common}
            data: {note: {{ .Values.note | quote }}}
            """);
    }
}
