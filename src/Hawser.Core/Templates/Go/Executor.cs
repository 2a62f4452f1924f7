using System.Runtime.CompilerServices;
using System.Text;

namespace Hawser.Templates;

/// <summary>Runs a parsed template over the data model with Go's execution rules (see <see cref="GoTemplate"/>).</summary>
internal sealed class Executor
{
    private static readonly object NoFinal = new();

    private readonly IReadOnlyDictionary<string, TemplateTree> _trees;
    private readonly FunctionTable _functions;
    private readonly ExecutionContext _context;
    private readonly StringBuilder _out = new();
    private List<(string Name, object? Value)> _vars = [];
    private TemplateTree _tree;
    private Node? _node;
    private int _depth;

    private enum Flow { Normal, Break, Continue }

    public Executor(IReadOnlyDictionary<string, TemplateTree> trees, FunctionTable functions, ExecutionContext context, TemplateTree tree)
    {
        _trees = trees;
        _functions = functions;
        _context = context;
        _tree = tree;
    }

    public string Run(object? data)
    {
        try
        {
            _vars.Add(("$", data));
            Walk(data, _tree.Root);
            return _out.ToString();
        }
        catch (InsufficientExecutionStackException)
        {
            throw Error("template nesting too deep for the execution stack");
        }
    }

    private Flow Walk(object? dot, Node node)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case ActionNode action:
                _node = action;
                var value = EvalPipeline(dot, action.Pipe);
                if (action.Pipe.Decl.Count == 0) PrintValue(action, value);
                return Flow.Normal;
            case BreakNode: return Flow.Break;
            case ContinueNode: return Flow.Continue;
            case BranchNode { Kind: BranchKind.Range } range: return WalkRange(dot, range);
            case BranchNode branch: return WalkIfOrWith(dot, branch);
            case ListNode list:
                foreach (var child in list.Nodes)
                {
                    var flow = Walk(dot, child);
                    if (flow != Flow.Normal) return flow;
                }
                return Flow.Normal;
            case TemplateNode template:
                WalkTemplate(dot, template);
                return Flow.Normal;
            case TextNode text:
                Write(text.Text);
                return Flow.Normal;
        }
        throw Error($"unknown node: {node}");
    }

    private void Write(string text)
    {
        if ((long)_out.Length + text.Length > _context.Options.MaxOutputLength)
            throw Error($"output longer than the limit of {_context.Options.MaxOutputLength} characters");
        _out.Append(text);
    }

    private void PrintValue(Node node, object? value)
    {
        _node = node;
        if (value is TemplateFunction) throw Error($"can't print {node} of type {GoValue.TypeName(value)}");
        Write(value is NoValue ? "<no value>" : GoFormat.Format(value));
    }

    private Flow WalkIfOrWith(object? dot, BranchNode branch)
    {
        var mark = _vars.Count;
        var value = EvalPipeline(dot, branch.Pipe);
        var flow = Flow.Normal;
        if (GoValue.IsTrue(value)) flow = Walk(branch.Kind == BranchKind.With ? value : dot, branch.List);
        else if (branch.Else is not null) flow = Walk(dot, branch.Else);
        Pop(mark);
        return flow;
    }

    private Flow WalkRange(object? dot, BranchNode range)
    {
        _node = range;
        var mark = _vars.Count;
        var value = EvalPipeline(dot, range.Pipe);
        var bodyMark = _vars.Count;
        var ran = false;
        switch (value)
        {
            case List<object?> list:
                for (var i = 0; i < list.Count; i++)
                {
                    ran = true;
                    if (OneIteration(range, (long)i, list[i], bodyMark) == Flow.Break) break;
                }
                break;
            case Dictionary<string, object?> map:
                foreach (var key in GoValue.SortedKeys(map))
                {
                    ran = true;
                    if (OneIteration(range, key, map[key], bodyMark) == Flow.Break) break;
                }
                break;
            case long count:
                if (range.Pipe.Decl.Count > 1) throw Error($"can't use {count} to iterate over more than one variable");
                for (var i = 0L; i < count; i++)
                {
                    ran = true;
                    if (OneIteration(range, i, i, bodyMark) == Flow.Break) break;
                }
                break;
            case NoValue or null:
                break;
            default:
                _node = range;
                throw Error($"range can't iterate over {GoFormat.Format(value)}");
        }
        if (!ran && range.Else is not null) Walk(dot, range.Else);
        Pop(mark);
        return Flow.Normal;
    }

    private Flow OneIteration(BranchNode range, object? index, object? element, int bodyMark)
    {
        try
        {
            _context.Iterate();
        }
        catch (TemplateFunctionException e)
        {
            _node = range;
            throw Error(e.Message);
        }
        var decl = range.Pipe.Decl;
        if (decl.Count > 0)
        {
            if (range.Pipe.IsAssign) SetVar(decl[0].Ident[0], decl.Count > 1 ? index : element);
            else _vars[bodyMark - 1] = (_vars[bodyMark - 1].Name, element);
        }
        if (decl.Count > 1)
        {
            if (range.Pipe.IsAssign) SetVar(decl[1].Ident[0], element);
            else _vars[bodyMark - 2] = (_vars[bodyMark - 2].Name, index);
        }
        var flow = Walk(element, range.List);
        Pop(bodyMark);
        return flow;
    }

    private void WalkTemplate(object? dot, TemplateNode node)
    {
        _node = node;
        if (!_trees.TryGetValue(node.Name, out var tree)) throw Error($"template \"{node.Name}\" not defined");
        if (_depth >= _context.Options.MaxTemplateDepth)
            throw Error($"exceeded maximum template depth ({_context.Options.MaxTemplateDepth})");
        _context.CancellationToken.ThrowIfCancellationRequested();
        var newDot = node.Pipe is null ? GoValue.Missing : EvalPipeline(dot, node.Pipe);
        var (savedTree, savedVars) = (_tree, _vars);
        _tree = tree;
        _vars = [("$", newDot)];
        _depth++;
        Walk(newDot, tree.Root);
        _depth--;
        (_tree, _vars) = (savedTree, savedVars);
    }

    private void Pop(int mark) => _vars.RemoveRange(mark, _vars.Count - mark);

    private object? VarValue(string name)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == name) return _vars[i].Value;
        }
        throw Error($"undefined variable: {name}");
    }

    private void SetVar(string name, object? value)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name != name) continue;
            _vars[i] = (name, value);
            return;
        }
        throw Error($"undefined variable: {name}");
    }

    private object? EvalPipeline(object? dot, PipeNode pipe)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        _node = pipe;
        var value = NoFinal;
        foreach (var command in pipe.Commands)
        {
            value = EvalCommand(dot, command, value);
            // Go digs a value out of its interface{}: a nil interface becomes "no value".
            value ??= GoValue.Missing;
        }
        foreach (var variable in pipe.Decl)
        {
            if (pipe.IsAssign) SetVar(variable.Ident[0], value);
            else _vars.Add((variable.Ident[0], value));
        }
        return value;
    }

    private object? EvalCommand(object? dot, CommandNode command, object? final)
    {
        var first = command.Args[0];
        switch (first)
        {
            case FieldNode field: return EvalFieldNode(dot, field, command.Args, final);
            case ChainNode chain: return EvalChainNode(dot, chain, command.Args, final);
            case IdentifierNode identifier: return EvalFunction(dot, identifier, command, command.Args, final);
            case PipeNode pipe:
                NotAFunction(command.Args, final);
                return EvalPipeline(dot, pipe);
            case VariableNode variable: return EvalVariableNode(dot, variable, command.Args, final);
        }
        _node = first;
        NotAFunction(command.Args, final);
        return first switch
        {
            BoolNode b => b.Value,
            DotNode => dot,
            NilNode => throw Error("nil is not a command"),
            NumberNode n => n.Value,
            StringNode s => s.Text,
            _ => throw Error($"can't evaluate command {first}"),
        };
    }

    private void NotAFunction(IReadOnlyList<Node>? args, object? final)
    {
        if ((args is not null && args.Count > 1) || final != NoFinal)
            throw Error($"can't give argument to non-function {args?[0]}");
    }

    private object? EvalFieldNode(object? dot, FieldNode field, IReadOnlyList<Node>? args, object? final)
    {
        _node = field;
        return EvalFieldChain(dot, dot, field, field.Ident, args, final);
    }

    private object? EvalChainNode(object? dot, ChainNode chain, IReadOnlyList<Node>? args, object? final)
    {
        _node = chain;
        if (chain.Node is NilNode) throw Error($"indirection through explicit nil in {chain}");
        var receiver = EvalArg(dot, chain.Node);
        _node = chain;
        return EvalFieldChain(dot, receiver, chain, chain.Field, args, final);
    }

    private object? EvalVariableNode(object? dot, VariableNode variable, IReadOnlyList<Node>? args, object? final)
    {
        _node = variable;
        var value = VarValue(variable.Ident[0]);
        if (variable.Ident.Length == 1)
        {
            NotAFunction(args, final);
            return value;
        }
        return EvalFieldChain(dot, value, variable, variable.Ident[1..], args, final);
    }

    private object? EvalFieldChain(object? dot, object? receiver, Node node, string[] ident, IReadOnlyList<Node>? args, object? final)
    {
        for (var i = 0; i < ident.Length - 1; i++) receiver = EvalField(dot, ident[i], node, null, NoFinal, receiver);
        return EvalField(dot, ident[^1], node, args, final, receiver);
    }

    private object? EvalField(object? dot, string name, Node node, IReadOnlyList<Node>? args, object? final, object? receiver)
    {
        _node = node;
        if (receiver is NoValue)
        {
            if (_context.Options.MissingKey == MissingKeyMode.Error) throw Error($"nil data; no entry for key \"{name}\"");
            return GoValue.Missing;
        }
        if (receiver is null) throw Error($"nil pointer evaluating interface {{}}.{name}");
        if (receiver is DateTimeOffset or TimeSpan or IGoObject)
        {
            var methodArgs = new List<object?>();
            for (var i = 1; i < (args?.Count ?? 0); i++) methodArgs.Add(GoValue.Export(EvalArg(dot, args![i])));
            if (final != NoFinal) methodArgs.Add(GoValue.Export(final));
            _node = node;
            try
            {
                var found = receiver is IGoObject o
                    ? o.TryInvoke(name, methodArgs, out var result)
                    : GoTime.TryInvoke(receiver, name, methodArgs, _context.Local, out result);
                if (found) return result;
            }
            catch (TemplateFunctionException e)
            {
                throw Error($"error calling {name}: {e.Message}");
            }
        }
        var hasArgs = (args?.Count ?? 0) > 1 || final != NoFinal;
        if (receiver is Dictionary<string, object?> map)
        {
            if (hasArgs) throw Error($"{name} is not a method but has arguments");
            if (map.TryGetValue(name, out var value)) return value;
            return _context.Options.MissingKey switch
            {
                MissingKeyMode.Zero => null,
                MissingKeyMode.Error => throw Error($"map has no entry for key \"{name}\""),
                _ => GoValue.Missing,
            };
        }
        throw Error($"can't evaluate field {name} in type {GoValue.TypeName(receiver)}");
    }

    private object? EvalFunction(object? dot, IdentifierNode identifier, Node command, IReadOnlyList<Node>? args, object? final)
    {
        _node = identifier;
        var function = _functions.Find(identifier.Name) ?? throw Error($"\"{identifier.Name}\" is not a defined function");
        return EvalCall(dot, function, command, identifier.Name, args, final);
    }

    private object? EvalCall(object? dot, GoFunction function, Node node, string name, IReadOnlyList<Node>? args, object? final)
    {
        var argNodes = args is null ? [] : args.Skip(1).ToList();
        var count = argNodes.Count + (final != NoFinal ? 1 : 0);
        if (function.ArityError(count) is { } arity) throw Error(arity);
        if (_functions.IsBuiltin(function) && name is "and" or "or")
        {
            object? v = null;
            foreach (var arg in argNodes)
            {
                v = EvalArg(dot, arg);
                if (GoValue.IsTrue(v) == (name == "or")) return v;
            }
            return final != NoFinal ? final : v;
        }
        var values = new List<object?>(count);
        foreach (var arg in argNodes) values.Add(EvalArg(dot, arg));
        if (final != NoFinal) values.Add(final);
        _node = node;
        try
        {
            return function.Body(new FunctionCall(name, values, _context));
        }
        catch (GoArgumentException e)
        {
            _node = e.Index < argNodes.Count ? argNodes[e.Index] : node;
            throw Error(e.Message);
        }
        catch (TemplateFunctionException e)
        {
            throw Error($"error calling {name}: {e.Message}");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException
                                      or System.Text.Json.JsonException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            throw Error($"error calling {name}: {e.Message}");
        }
    }

    private object? EvalArg(object? dot, Node node)
    {
        _node = node;
        return node switch
        {
            DotNode => dot,
            NilNode => null,
            FieldNode field => EvalFieldNode(dot, field, [field], NoFinal),
            VariableNode variable => EvalVariableNode(dot, variable, null, NoFinal),
            PipeNode pipe => EvalPipeline(dot, pipe),
            IdentifierNode identifier => EvalFunction(dot, identifier, identifier, null, NoFinal),
            ChainNode chain => EvalChainNode(dot, chain, null, NoFinal),
            BoolNode b => b.Value,
            NumberNode n => n.Value,
            StringNode s => s.Text,
            _ => throw Error($"can't handle {node} for arg"),
        };
    }

    private TemplateException Error(string message)
    {
        if (_node is null) return new TemplateException($"template: {_tree.Name}: {message}", _tree.Name, 0, 0);
        var (line, column) = _tree.Position(_node.Pos);
        return new TemplateException(
            $"template: {_tree.ParseName}:{line}:{column}: executing \"{_tree.Name}\" at <{_node}>: {message}",
            _tree.Name, line, column);
    }
}
