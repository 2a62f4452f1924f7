using Hawser.Sandbox.Protobuf;
using Hawser.Sandbox.Tests.Patching;

namespace Hawser.Sandbox.Tests.Protobuf;

public sealed class MoreKindDecoderTests
{
    [Fact]
    public void A_cluster_ip_service_decodes_ports_with_int_and_named_target_ports()
    {
        var spec = new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, "80-8080").String(2, "TCP").Varint(3, 80).Message(4, new ProtoWriter().Varint(1, 0).Varint(2, 8080)))
            .Message(1, new ProtoWriter().String(1, "metrics").String(2, "TCP").Varint(3, 9090).Message(4, new ProtoWriter().Varint(1, 1).String(3, "http-metrics")))
            .MapEntry(2, "app", "web")
            .String(4, "ClusterIP");
        var raw = new ProtoWriter().Message(1, new ProtoWriter().String(1, "web")).Message(2, spec).Message(3, new ProtoWriter().Message(1, new ProtoWriter()));
        Json.Equal("""
            {'apiVersion':'v1','kind':'Service','metadata':{'name':'web'},'spec':{
              'ports':[{'name':'80-8080','protocol':'TCP','port':80,'targetPort':8080},{'name':'metrics','protocol':'TCP','port':9090,'targetPort':'http-metrics'}],
              'selector':{'app':'web'},'type':'ClusterIP'}}
            """, ProtobufRequestDecoder.Decode(ProtoWriter.Envelope("v1", "Service", raw)));
    }

    [Fact]
    public void A_resource_quota_decodes_hard_limits_as_quantity_strings()
    {
        var spec = new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, "pods").Message(2, new ProtoWriter().String(1, "10")))
            .Message(1, new ProtoWriter().String(1, "requests.cpu").Message(2, new ProtoWriter().String(1, "500m")))
            .String(2, "BestEffort");
        var raw = new ProtoWriter().Message(1, new ProtoWriter().String(1, "q").String(3, "team")).Message(2, spec);
        Json.Equal("{'apiVersion':'v1','kind':'ResourceQuota','metadata':{'name':'q','namespace':'team'},'spec':{'hard':{'pods':'10','requests.cpu':'500m'},'scopes':['BestEffort']}}",
            ProtobufRequestDecoder.Decode(ProtoWriter.Envelope("v1", "ResourceQuota", raw)));
    }

    [Fact]
    public void A_role_decodes_its_policy_rules()
    {
        var raw = new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, "reader").String(3, "x"))
            .Message(2, new ProtoWriter().String(1, "get").String(1, "list").String(2, "").String(3, "pods").String(4, "p1"));
        Json.Equal("{'apiVersion':'rbac.authorization.k8s.io/v1','kind':'Role','metadata':{'name':'reader','namespace':'x'},'rules':[{'verbs':['get','list'],'apiGroups':[''],'resources':['pods'],'resourceNames':['p1']}]}",
            ProtobufRequestDecoder.Decode(ProtoWriter.Envelope("rbac.authorization.k8s.io/v1", "Role", raw)));
    }

    [Fact]
    public void A_cluster_role_decodes_its_aggregation_selectors()
    {
        var selector = new ProtoWriter().MapEntry(1, "agg", "true")
            .Message(2, new ProtoWriter().String(1, "tier").String(2, "In").String(3, "a").String(3, "b"));
        var raw = new ProtoWriter().Message(1, new ProtoWriter().String(1, "agg")).Message(3, new ProtoWriter().Message(1, selector));
        Json.Equal("""
            {'apiVersion':'rbac.authorization.k8s.io/v1','kind':'ClusterRole','metadata':{'name':'agg'},
             'aggregationRule':{'clusterRoleSelectors':[{'matchLabels':{'agg':'true'},'matchExpressions':[{'key':'tier','operator':'In','values':['a','b']}]}]}}
            """, ProtobufRequestDecoder.Decode(ProtoWriter.Envelope("rbac.authorization.k8s.io/v1", "ClusterRole", raw)));
    }

    [Fact]
    public void A_role_binding_decodes_subjects_and_role_ref()
    {
        var raw = new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, "rb").String(3, "x"))
            .Message(2, new ProtoWriter().String(1, "ServiceAccount").String(3, "sa").String(4, "x"))
            .Message(2, new ProtoWriter().String(1, "User").String(2, "rbac.authorization.k8s.io").String(3, "alice"))
            .Message(3, new ProtoWriter().String(1, "rbac.authorization.k8s.io").String(2, "Role").String(3, "reader"));
        Json.Equal("""
            {'apiVersion':'rbac.authorization.k8s.io/v1','kind':'RoleBinding','metadata':{'name':'rb','namespace':'x'},
             'subjects':[{'kind':'ServiceAccount','name':'sa','namespace':'x'},{'kind':'User','apiGroup':'rbac.authorization.k8s.io','name':'alice'}],
             'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'Role','name':'reader'}}
            """, ProtobufRequestDecoder.Decode(ProtoWriter.Envelope("rbac.authorization.k8s.io/v1", "RoleBinding", raw)));
    }
}
