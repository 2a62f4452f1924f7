using System.Text;

namespace Hawser.Templates;

/// <summary>A node of a parsed template; <see cref="Pos"/> is its offset in the text of the template it was parsed from.
/// <see cref="object.ToString"/> prints the node as Go does in error contexts (<c>&lt;.foo&gt;</c>).</summary>
internal abstract record Node(int Pos);

internal sealed record ListNode(int Pos, List<Node> Nodes) : Node(Pos)
{
    public override string ToString() => string.Concat(Nodes);
}

internal sealed record TextNode(int Pos, string Text) : Node(Pos)
{
    public override string ToString() => Text;
}

internal sealed record ActionNode(int Pos, PipeNode Pipe) : Node(Pos)
{
    public override string ToString() => $"{{{{{Pipe}}}}}";
}

internal sealed record PipeNode(int Pos, bool IsAssign, List<VariableNode> Decl, List<CommandNode> Commands) : Node(Pos)
{
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Decl.Count > 0)
        {
            sb.AppendJoin(", ", Decl).Append(IsAssign ? " = " : " := ");
        }
        sb.AppendJoin(" | ", Commands);
        return sb.ToString();
    }
}

internal sealed record CommandNode(int Pos, List<Node> Args) : Node(Pos)
{
    public override string ToString() =>
        string.Join(" ", Args.Select(a => a is PipeNode ? $"({a})" : a.ToString()));
}

internal sealed record FieldNode(int Pos, string[] Ident) : Node(Pos)
{
    public override string ToString() => string.Concat(Ident.Select(i => "." + i));
}

internal sealed record ChainNode(int Pos, Node Node, string[] Field) : Node(Pos)
{
    public override string ToString() =>
        (Node is PipeNode ? $"({Node})" : Node.ToString()) + string.Concat(Field.Select(i => "." + i));
}

internal sealed record IdentifierNode(int Pos, string Name) : Node(Pos)
{
    public override string ToString() => Name;
}

/// <summary>A variable and the fields read from it: <c>$x.a.b</c> has Ident ["$x", "a", "b"].</summary>
internal sealed record VariableNode(int Pos, string[] Ident) : Node(Pos)
{
    public override string ToString() => string.Join(".", Ident);
}

internal sealed record DotNode(int Pos) : Node(Pos)
{
    public override string ToString() => ".";
}

internal sealed record NilNode(int Pos) : Node(Pos)
{
    public override string ToString() => "nil";
}

internal sealed record BoolNode(int Pos, bool Value) : Node(Pos)
{
    public override string ToString() => Value ? "true" : "false";
}

/// <summary>A number constant: <see cref="Value"/> is a long (Go int) or a double (Go float64), as Go's ideal constants.</summary>
internal sealed record NumberNode(int Pos, string Text, object Value) : Node(Pos)
{
    public override string ToString() => Text;
}

internal sealed record StringNode(int Pos, string Quoted, string Text) : Node(Pos)
{
    public override string ToString() => Quoted;
}

internal enum BranchKind { If, Range, With }

internal sealed record BranchNode(int Pos, BranchKind Kind, PipeNode Pipe, ListNode List, ListNode? Else) : Node(Pos)
{
    public override string ToString()
    {
        var name = Kind.ToString().ToLowerInvariant();
        return Else is null
            ? $"{{{{{name} {Pipe}}}}}{List}{{{{end}}}}"
            : $"{{{{{name} {Pipe}}}}}{List}{{{{else}}}}{Else}{{{{end}}}}";
    }
}

internal sealed record TemplateNode(int Pos, string Name, PipeNode? Pipe) : Node(Pos)
{
    public override string ToString() =>
        Pipe is null ? $"{{{{template \"{Name}\"}}}}" : $"{{{{template \"{Name}\" {Pipe}}}}}";
}

internal sealed record BreakNode(int Pos) : Node(Pos)
{
    public override string ToString() => "{{break}}";
}

internal sealed record ContinueNode(int Pos) : Node(Pos)
{
    public override string ToString() => "{{continue}}";
}

/// <summary>One parsed template: its body and the name of the text it was parsed from (for error positions).</summary>
internal sealed record TemplateTree(string Name, string ParseName, string Text, ListNode Root)
{
    /// <summary>Go's ErrorContext: "parseName:line:col", the column being the 0-based offset within the line.</summary>
    public (int Line, int Column) Position(int pos)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < pos && i < Text.Length; i++)
        {
            if (Text[i] != '\n') continue;
            line++;
            lineStart = i + 1;
        }
        return (line, pos - lineStart);
    }
}
