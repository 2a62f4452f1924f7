using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Protobuf;

/// <summary>
/// Workload kinds for <c>kubectl create deployment|job|cronjob</c> (and <c>create job --from=cronjob/x</c>), with field numbers
/// from <c>k8s.io/api/{apps,batch,core}/v1/generated.proto</c>: Deployment, Job and CronJob {1 metadata, 2 spec, 3 status};
/// the status is the server's and is not read. Optional (pointer) numbers such as <c>replicas</c> keep a zero; plain numbers and
/// booleans follow Go's <c>omitempty</c>. A field these decoders do not know that carries a value is refused (415) rather than
/// dropped, so an object is never stored with less than kubectl sent.
/// </summary>
internal static class WorkloadDecoders
{
    public static void Deployment(ReadOnlySpan<byte> raw, JsonObject target) => Workload(raw, target, "DeploymentSpec", DeploymentSpecField);

    public static void Job(ReadOnlySpan<byte> raw, JsonObject target) => Workload(raw, target, "JobSpec", JobSpecField);

    public static void CronJob(ReadOnlySpan<byte> raw, JsonObject target) => Workload(raw, target, "CronJobSpec", CronJobSpecField);

    private static void Workload(ReadOnlySpan<byte> raw, JsonObject target, string specName, FieldReader spec)
    {
        var reader = new ProtoReader(raw);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: Wire.SetObject(target, "metadata", ObjectMetaDecoder.Decode(Wire.Message(ref reader, wire, field))); break;
                case 2: target["spec"] = Wire.KnownFields(Wire.Message(ref reader, wire, field), spec, specName); break;
                default: reader.Skip(wire); break;
            }
        }
    }

    /// <summary>DeploymentSpec: 1 replicas*, 2 selector, 3 template, 4 strategy{1 type, 2 rollingUpdate{1 maxUnavailable, 2 maxSurge}},
    /// 5 minReadySeconds, 6 revisionHistoryLimit*, 7 paused, 9 progressDeadlineSeconds* (* optional).</summary>
    private static bool DeploymentSpecField(ref ProtoReader r, int f, int w, JsonObject o)
    {
        switch (f)
        {
            case 1: o["replicas"] = r.ReadInt64(); return true;
            case 2: o["selector"] = CoreDecoders.LabelSelector(Wire.Message(ref r, w, f)); return true;
            case 3: o["template"] = PodTemplate(Wire.Message(ref r, w, f)); return true;
            case 4: o["strategy"] = Wire.KnownFields(Wire.Message(ref r, w, f), StrategyField, "DeploymentStrategy"); return true;
            case 5: Wire.SetNumber(o, "minReadySeconds", r.ReadInt64()); return true;
            case 6: o["revisionHistoryLimit"] = r.ReadInt64(); return true;
            case 7: Wire.SetTrue(o, "paused", r.ReadBool()); return true;
            case 9: o["progressDeadlineSeconds"] = r.ReadInt64(); return true;
            default: return false;
        }
    }

    private static bool StrategyField(ref ProtoReader r, int f, int w, JsonObject o)
    {
        switch (f)
        {
            case 1: Wire.SetString(o, "type", r.ReadString()); return true;
            case 2:
                o["rollingUpdate"] = Wire.KnownFields(Wire.Message(ref r, w, f), static (ref ProtoReader u, int uf, int uw, JsonObject x) =>
                {
                    if (uf is not (1 or 2)) return false;
                    x[uf == 1 ? "maxUnavailable" : "maxSurge"] = CoreDecoders.IntOrString(Wire.Message(ref u, uw, uf));
                    return true;
                }, "RollingUpdateDeployment");
                return true;
            default: return false;
        }
    }

    /// <summary>JobSpec: 1 parallelism*, 2 completions*, 3 activeDeadlineSeconds*, 4 selector, 5 manualSelector*, 6 template,
    /// 7 backoffLimit*, 8 ttlSecondsAfterFinished*, 9 completionMode*, 10 suspend* (* optional).</summary>
    private static bool JobSpecField(ref ProtoReader r, int f, int w, JsonObject o)
    {
        switch (f)
        {
            case 1: o["parallelism"] = r.ReadInt64(); return true;
            case 2: o["completions"] = r.ReadInt64(); return true;
            case 3: o["activeDeadlineSeconds"] = r.ReadInt64(); return true;
            case 4: o["selector"] = CoreDecoders.LabelSelector(Wire.Message(ref r, w, f)); return true;
            case 5: o["manualSelector"] = r.ReadBool(); return true;
            case 6: o["template"] = PodTemplate(Wire.Message(ref r, w, f)); return true;
            case 7: o["backoffLimit"] = r.ReadInt64(); return true;
            case 8: o["ttlSecondsAfterFinished"] = r.ReadInt64(); return true;
            case 9: Wire.SetString(o, "completionMode", r.ReadString()); return true;
            case 10: o["suspend"] = r.ReadBool(); return true;
            default: return false;
        }
    }

    /// <summary>CronJobSpec: 1 schedule, 2 startingDeadlineSeconds*, 3 concurrencyPolicy, 4 suspend*, 5 jobTemplate{1 metadata, 2 spec},
    /// 6 successfulJobsHistoryLimit*, 7 failedJobsHistoryLimit*, 8 timeZone* (* optional).</summary>
    private static bool CronJobSpecField(ref ProtoReader r, int f, int w, JsonObject o)
    {
        switch (f)
        {
            case 1: Wire.SetString(o, "schedule", r.ReadString()); return true;
            case 2: o["startingDeadlineSeconds"] = r.ReadInt64(); return true;
            case 3: Wire.SetString(o, "concurrencyPolicy", r.ReadString()); return true;
            case 4: o["suspend"] = r.ReadBool(); return true;
            case 5:
                o["jobTemplate"] = Wire.KnownFields(Wire.Message(ref r, w, f), static (ref ProtoReader t, int tf, int tw, JsonObject x) =>
                {
                    switch (tf)
                    {
                        case 1: x["metadata"] = ObjectMetaDecoder.Decode(Wire.Message(ref t, tw, tf)); return true;
                        case 2: x["spec"] = Wire.KnownFields(Wire.Message(ref t, tw, tf), JobSpecField, "JobSpec"); return true;
                        default: return false;
                    }
                }, "JobTemplateSpec");
                return true;
            case 6: o["successfulJobsHistoryLimit"] = r.ReadInt64(); return true;
            case 7: o["failedJobsHistoryLimit"] = r.ReadInt64(); return true;
            case 8: Wire.SetString(o, "timeZone", r.ReadString()); return true;
            default: return false;
        }
    }

    /// <summary>PodTemplateSpec{1 metadata, 2 spec}; the metadata is kept even when empty, as the API server shows it.</summary>
    private static JsonObject PodTemplate(ReadOnlySpan<byte> data) => Wire.KnownFields(data, static (ref ProtoReader r, int f, int w, JsonObject o) =>
    {
        switch (f)
        {
            case 1: o["metadata"] = ObjectMetaDecoder.Decode(Wire.Message(ref r, w, f)); return true;
            case 2: o["spec"] = Wire.KnownFields(Wire.Message(ref r, w, f), PodSpecField, "PodSpec"); return true;
            default: return false;
        }
    }, "PodTemplateSpec");

    /// <summary>PodSpec: 2 containers, 3 restartPolicy, 4 terminationGracePeriodSeconds*, 5 activeDeadlineSeconds*, 6 dnsPolicy,
    /// 7 nodeSelector, 8 serviceAccountName, 9 serviceAccount, 10 nodeName, 11 hostNetwork, 12 hostPID, 13 hostIPC,
    /// 15 imagePullSecrets{1 name}, 16 hostname, 17 subdomain, 19 schedulerName, 20 initContainers, 21 automountServiceAccountToken*,
    /// 24 priorityClassName, 29 runtimeClassName*, 30 enableServiceLinks* (* optional).</summary>
    private static bool PodSpecField(ref ProtoReader r, int f, int w, JsonObject o)
    {
        switch (f)
        {
            case 2: Wire.AddItem(o, "containers", Wire.KnownFields(Wire.Message(ref r, w, f), ContainerField, "Container")); return true;
            case 3: Wire.SetString(o, "restartPolicy", r.ReadString()); return true;
            case 4: o["terminationGracePeriodSeconds"] = r.ReadInt64(); return true;
            case 5: o["activeDeadlineSeconds"] = r.ReadInt64(); return true;
            case 6: Wire.SetString(o, "dnsPolicy", r.ReadString()); return true;
            case 7: Wire.AddMapEntry(o, "nodeSelector", Wire.Message(ref r, w, f), base64Values: false); return true;
            case 8: Wire.SetString(o, "serviceAccountName", r.ReadString()); return true;
            case 9: Wire.SetString(o, "serviceAccount", r.ReadString()); return true;
            case 10: Wire.SetString(o, "nodeName", r.ReadString()); return true;
            case 11: Wire.SetTrue(o, "hostNetwork", r.ReadBool()); return true;
            case 12: Wire.SetTrue(o, "hostPID", r.ReadBool()); return true;
            case 13: Wire.SetTrue(o, "hostIPC", r.ReadBool()); return true;
            case 15: Wire.AddItem(o, "imagePullSecrets", Wire.KnownFields(Wire.Message(ref r, w, f), NameField, "LocalObjectReference")); return true;
            case 16: Wire.SetString(o, "hostname", r.ReadString()); return true;
            case 17: Wire.SetString(o, "subdomain", r.ReadString()); return true;
            case 19: Wire.SetString(o, "schedulerName", r.ReadString()); return true;
            case 20: Wire.AddItem(o, "initContainers", Wire.KnownFields(Wire.Message(ref r, w, f), ContainerField, "Container")); return true;
            case 21: o["automountServiceAccountToken"] = r.ReadBool(); return true;
            case 24: Wire.SetString(o, "priorityClassName", r.ReadString()); return true;
            case 29: Wire.SetString(o, "runtimeClassName", r.ReadString()); return true;
            case 30: o["enableServiceLinks"] = r.ReadBool(); return true;
            default: return false;
        }
    }

    /// <summary>Container: 1 name, 2 image, 3 command, 4 args, 5 workingDir, 6 ports, 7 env, 8 resources, 13 terminationMessagePath,
    /// 14 imagePullPolicy, 16 stdin, 17 stdinOnce, 18 tty, 20 terminationMessagePolicy.</summary>
    private static bool ContainerField(ref ProtoReader r, int f, int w, JsonObject o)
    {
        switch (f)
        {
            case 1: Wire.SetString(o, "name", r.ReadString()); return true;
            case 2: Wire.SetString(o, "image", r.ReadString()); return true;
            case 3: Wire.AddString(o, "command", r.ReadString()); return true;
            case 4: Wire.AddString(o, "args", r.ReadString()); return true;
            case 5: Wire.SetString(o, "workingDir", r.ReadString()); return true;
            case 6: Wire.AddItem(o, "ports", Wire.KnownFields(Wire.Message(ref r, w, f), PortField, "ContainerPort")); return true;
            case 7: Wire.AddItem(o, "env", Wire.KnownFields(Wire.Message(ref r, w, f), EnvField, "EnvVar")); return true;
            case 8: o["resources"] = Wire.KnownFields(Wire.Message(ref r, w, f), ResourcesField, "ResourceRequirements"); return true;
            case 13: Wire.SetString(o, "terminationMessagePath", r.ReadString()); return true;
            case 14: Wire.SetString(o, "imagePullPolicy", r.ReadString()); return true;
            case 16: Wire.SetTrue(o, "stdin", r.ReadBool()); return true;
            case 17: Wire.SetTrue(o, "stdinOnce", r.ReadBool()); return true;
            case 18: Wire.SetTrue(o, "tty", r.ReadBool()); return true;
            case 20: Wire.SetString(o, "terminationMessagePolicy", r.ReadString()); return true;
            default: return false;
        }
    }

    /// <summary>ContainerPort: 1 name, 2 hostPort, 3 containerPort, 4 protocol, 5 hostIP.</summary>
    private static bool PortField(ref ProtoReader r, int f, int w, JsonObject o)
    {
        switch (f)
        {
            case 1: Wire.SetString(o, "name", r.ReadString()); return true;
            case 2: Wire.SetNumber(o, "hostPort", r.ReadInt64()); return true;
            case 3: o["containerPort"] = r.ReadInt64(); return true;
            case 4: Wire.SetString(o, "protocol", r.ReadString()); return true;
            case 5: Wire.SetString(o, "hostIP", r.ReadString()); return true;
            default: return false;
        }
    }

    /// <summary>EnvVar: 1 name, 2 value (valueFrom is not decoded: a value there is refused).</summary>
    private static bool EnvField(ref ProtoReader r, int f, int w, JsonObject o)
    {
        switch (f)
        {
            case 1: Wire.SetString(o, "name", r.ReadString()); return true;
            case 2: Wire.SetString(o, "value", r.ReadString()); return true;
            default: return false;
        }
    }

    /// <summary>ResourceRequirements: 1 limits, 2 requests (map of resource name to Quantity{1 string}).</summary>
    private static bool ResourcesField(ref ProtoReader r, int f, int w, JsonObject o)
    {
        if (f is not (1 or 2)) return false;
        var (key, quantity) = CoreDecoders.QuantityEntry(Wire.Message(ref r, w, f));
        var name = f == 1 ? "limits" : "requests";
        if (o[name] is not JsonObject map)
        {
            map = [];
            o[name] = map;
        }
        map[key] = quantity;
        return true;
    }

    private static bool NameField(ref ProtoReader r, int f, int w, JsonObject o)
    {
        if (f != 1) return false;
        Wire.SetString(o, "name", r.ReadString());
        return true;
    }
}
