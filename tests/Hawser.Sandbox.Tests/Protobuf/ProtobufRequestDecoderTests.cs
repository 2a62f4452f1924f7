using System.Text;
using Hawser.Sandbox.Protobuf;
using Hawser.Sandbox.Tests.Patching;

namespace Hawser.Sandbox.Tests.Protobuf;

public sealed class ProtobufRequestDecoderTests
{
    [Fact]
    public void The_exact_body_kubectl_sends_for_create_namespace_decodes()
    {
        byte[] body =
        [
            .. "k8s\0"u8.ToArray(),
            0x0a, 0x0f, 0x0a, 0x02, .. "v1"u8.ToArray(), 0x12, 0x09, .. "Namespace"u8.ToArray(),
            0x12, 0x19, 0x0a, 0x11, 0x0a, 0x01, (byte)'x', 0x12, 0x00, 0x1a, 0x00, 0x22, 0x00, 0x2a, 0x00, 0x32, 0x00, 0x38, 0x00, 0x42, 0x00,
            0x12, 0x00, 0x1a, 0x02, 0x0a, 0x00,
            0x1a, 0x00, 0x22, 0x00,
        ];
        Json.Equal("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'x'}}", ProtobufRequestDecoder.Decode(body));
    }

    [Fact]
    public void Object_meta_fields_labels_annotations_owners_and_finalizers_decode()
    {
        var meta = new ProtoWriter()
            .String(1, "cm").String(2, "cm-").String(3, "ns")
            .Varint(7, 3)
            .Message(8, new ProtoWriter().Varint(1, 1_700_000_000))
            .MapEntry(11, "app", "demo").MapEntry(11, "tier", "web")
            .MapEntry(12, "note", "hi")
            .Message(13, new ProtoWriter().String(1, "Deployment").String(3, "d").String(4, "u-1").String(5, "apps/v1").Varint(6, 1))
            .String(14, "f1").String(14, "f2");
        var body = ProtoWriter.Envelope("v1", "ConfigMap", new ProtoWriter().Message(1, meta));
        Json.Equal("""
            {'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm','generateName':'cm-','namespace':'ns','generation':3,
              'creationTimestamp':'2023-11-14T22:13:20Z','labels':{'app':'demo','tier':'web'},'annotations':{'note':'hi'},
              'ownerReferences':[{'kind':'Deployment','name':'d','uid':'u-1','apiVersion':'apps/v1','controller':true}],
              'finalizers':['f1','f2']}}
            """, ProtobufRequestDecoder.Decode(body));
    }

    [Fact]
    public void Config_map_data_and_binary_data_decode()
    {
        var raw = new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, "foo").String(3, "x"))
            .MapEntry(2, "a", "1").MapEntry(2, "b", "2")
            .MapEntry(3, "bin", [0, 1, 2, 255])
            .Varint(4, 1);
        Json.Equal("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'foo','namespace':'x'},'data':{'a':'1','b':'2'},'binaryData':{'bin':'AAEC/w=='},'immutable':true}",
            ProtobufRequestDecoder.Decode(ProtoWriter.Envelope("v1", "ConfigMap", raw)));
    }

    [Fact]
    public void Secret_bytes_become_base64_and_type_and_string_data_are_kept()
    {
        var raw = new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, "s"))
            .MapEntry(2, "password", Encoding.UTF8.GetBytes("hunter2"))
            .String(3, "Opaque")
            .MapEntry(4, "user", "admin");
        Json.Equal("{'apiVersion':'v1','kind':'Secret','metadata':{'name':'s'},'data':{'password':'aHVudGVyMg=='},'type':'Opaque','stringData':{'user':'admin'}}",
            ProtobufRequestDecoder.Decode(ProtoWriter.Envelope("v1", "Secret", raw)));
    }

    [Fact]
    public void Service_account_references_and_automount_decode()
    {
        var raw = new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, "sa"))
            .Message(2, new ProtoWriter().String(3, "token"))
            .Message(3, new ProtoWriter().String(1, "pull"))
            .Varint(4, 0);
        Json.Equal("{'apiVersion':'v1','kind':'ServiceAccount','metadata':{'name':'sa'},'secrets':[{'name':'token'}],'imagePullSecrets':[{'name':'pull'}],'automountServiceAccountToken':false}",
            ProtobufRequestDecoder.Decode(ProtoWriter.Envelope("v1", "ServiceAccount", raw)));
    }

    [Fact]
    public void Unknown_fields_are_skipped()
    {
        var raw = new ProtoWriter().Message(1, new ProtoWriter().String(1, "n").Varint(99, 5)).Varint(77, 1).String(78, "junk");
        Json.Equal("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'n'}}", ProtobufRequestDecoder.Decode(ProtoWriter.Envelope("v1", "Namespace", raw)));
    }

    [Fact]
    public void A_body_without_the_magic_prefix_is_rejected()
    {
        var e = Assert.Throws<ProtobufDecodeException>(() => ProtobufRequestDecoder.Decode("{}"u8.ToArray()));
        Assert.Contains("expected prefix", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_body_is_rejected()
    {
        var body = ProtoWriter.Envelope("v1", "Namespace", new ProtoWriter().Message(1, new ProtoWriter().String(1, "name")));
        Assert.Throws<ProtobufDecodeException>(() => ProtobufRequestDecoder.Decode(body.AsMemory(0, body.Length - 8)));
    }

    [Fact]
    public void An_unknown_kind_is_reported_as_unsupported()
    {
        var e = Assert.Throws<ProtobufDecodeException>(() => ProtobufRequestDecoder.Decode(ProtoWriter.Envelope("apps/v1", "StatefulSet", new ProtoWriter())));
        Assert.True(e.UnsupportedKind);
        Assert.Contains("apps/v1, Kind=StatefulSet", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_workload_field_the_decoder_does_not_know_is_refused_when_it_carries_a_value_and_skipped_when_empty()
    {
        ProtoWriter Container(ProtoWriter extra) => new ProtoWriter().String(1, "web").String(2, "nginx").Message(8, new ProtoWriter()).Message(10, extra);
        ProtoWriter Deployment(ProtoWriter extra) => new ProtoWriter().Message(1, new ProtoWriter().String(1, "web"))
            .Message(2, new ProtoWriter().Varint(1, 0).Message(3, new ProtoWriter().Message(2, new ProtoWriter().Message(2, Container(extra)))));

        // Field 10 of Container is livenessProbe: an empty one is what Go writes for nothing; a set one would be lost.
        Json.Equal("""
            {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},
             'spec':{'replicas':0,'template':{'spec':{'containers':[{'name':'web','image':'nginx','resources':{}}]}}}}
            """, ProtobufRequestDecoder.Decode(ProtoWriter.Envelope("apps/v1", "Deployment", Deployment(new ProtoWriter().Message(1, new ProtoWriter())))));
        var e = Assert.Throws<ProtobufDecodeException>(() =>
            ProtobufRequestDecoder.Decode(ProtoWriter.Envelope("apps/v1", "Deployment", Deployment(new ProtoWriter().Varint(4, 30)))));
        Assert.True(e.UnsupportedKind);
        Assert.Contains("field 10 of Container", e.Message, StringComparison.Ordinal);
    }
}
