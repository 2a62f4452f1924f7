using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Hawser.Templates;

/// <summary>Evaluates a parsed expr program over an environment of data-model values with expr-lang's runtime rules.</summary>
internal sealed class ExprEvaluator(string source, IReadOnlyDictionary<string, object?> env, ExprOptions options)
{
    private readonly Stack<(object? Element, long Index)> _pointers = new();
    private long _iterations;

    private sealed class EvalError(int pos, string message) : Exception(message)
    {
        public int Pos { get; } = pos;
    }

    public object? Run(ExprNode node)
    {
        try
        {
            return Eval(node);
        }
        catch (EvalError e)
        {
            throw ExprException.At(source, e.Pos, e.Message);
        }
        catch (InsufficientExecutionStackException e)
        {
            throw ExprException.At(source, node.Pos, "expression nested too deeply", e);
        }
    }

    private object? Eval(ExprNode node)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case ConstantNode c: return c.Value;
            case IdentifierRef id: return env.TryGetValue(id.Name, out var value) ? value : null;
            case PointerNode p:
                if (_pointers.Count == 0) throw new EvalError(p.Pos, "cannot use pointer accessor outside predicate");
                return p.Index ? _pointers.Peek().Index : _pointers.Peek().Element;
            case MemberNode m: return Member(m);
            case SliceNode s: return Slice(s);
            case CallNode call: return Call(call);
            case BuiltinNode b: return Builtin(b);
            case UnaryNode u: return Unary(u);
            case BinaryNode b: return BinaryOp(b);
            case ConditionalNode c: return Bool(c.Condition) ? Eval(c.Then) : Eval(c.Else);
            case ArrayNode a: return a.Items.Select(Eval).ToList();
            case MapNode m:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (k, v) in m.Pairs) map[ExprRuntime.ToText(Eval(k))] = Eval(v);
                return map;
            case ClosureNode c: throw new EvalError(c.Pos, "a predicate is only allowed as the argument of a builtin");
        }
        throw new EvalError(node.Pos, $"unsupported node {node.GetType().Name}");
    }

    private bool Bool(ExprNode node) => Eval(node) switch
    {
        bool b => b,
        var other => throw new EvalError(node.Pos, $"expected bool, but got {ExprRuntime.TypeName(other)}"),
    };

    private object? Member(MemberNode m)
    {
        var target = Eval(m.Target);
        if (target is null && m.Optional) return null;
        var key = Eval(m.Property);
        return Fetch(m.Pos, target, key);
    }

    private static object? Fetch(int pos, object? target, object? key)
    {
        switch (target)
        {
            case null:
                throw new EvalError(pos, $"cannot fetch {ExprRuntime.ToText(key)} from <nil>");
            case Dictionary<string, object?> map:
                return key is string s ? map.GetValueOrDefault(s) : null;
            case List<object?> list:
                return list[(int)Index(pos, key, list.Count)];
            case string str:
                return str[(int)Index(pos, key, str.Length)].ToString();
            case DateTimeOffset or TimeSpan or IGoObject when key is string method:
                return new BoundMethod(target, method);
        }
        throw new EvalError(pos, $"cannot fetch {ExprRuntime.ToText(key)} from {ExprRuntime.TypeName(target)}");
    }

    private static long Index(int pos, object? key, int length)
    {
        var index = key switch
        {
            long l => l,
            double d when d == Math.Floor(d) => (long)d,
            _ => throw new EvalError(pos, $"cannot use {ExprRuntime.TypeName(key)} as index"),
        };
        if (index < 0) index += length;
        if (index < 0 || index >= length) throw new EvalError(pos, $"index out of range: {index} (array length is {length})");
        return index;
    }

    private object? Slice(SliceNode s)
    {
        var target = Eval(s.Target);
        var length = target switch
        {
            List<object?> l => l.Count,
            string str => str.Length,
            _ => throw new EvalError(s.Pos, $"cannot slice {ExprRuntime.TypeName(target)}"),
        };
        long Bound(ExprNode? n, long fallback)
        {
            if (n is null) return fallback;
            var v = Eval(n) is long l ? l : throw new EvalError(n.Pos, "slice bounds must be integers");
            if (v < 0) v += length;
            return Math.Clamp(v, 0, length);
        }
        var from = Bound(s.From, 0);
        var to = Math.Max(Bound(s.To, length), from);
        return target is string text ? text[(int)from..(int)to] : ((List<object?>)target!).GetRange((int)from, (int)(to - from));
    }

    private sealed record BoundMethod(object Receiver, string Name);

    private object? Call(CallNode call)
    {
        var callee = Eval(call.Callee);
        var args = call.Arguments.Select(Eval).ToList();
        try
        {
            switch (callee)
            {
                case TemplateFunction f:
                    return GoValue.Import(f(args));
                case BoundMethod { Receiver: IGoObject o } method:
                    return o.TryInvoke(method.Name, args, out var result)
                        ? result
                        : throw new EvalError(call.Pos, $"type {o.GoTypeName} has no method {method.Name}");
                case BoundMethod method:
                    return GoTime.TryInvoke(method.Receiver, method.Name, args, options.TimeProvider.LocalTimeZone, out var r)
                        ? r
                        : throw new EvalError(call.Pos, $"type {ExprRuntime.TypeName(method.Receiver)} has no method {method.Name}");
                case null:
                    throw new EvalError(call.Pos, $"{Describe(call.Callee)} is not a function (it is nil)");
                default:
                    throw new EvalError(call.Pos, $"{Describe(call.Callee)} is not a function (it is {ExprRuntime.TypeName(callee)})");
            }
        }
        catch (Exception e) when (e is TemplateFunctionException or ArgumentException or FormatException or InvalidOperationException)
        {
            throw new EvalError(call.Pos, e.Message);
        }
    }

    private static string Describe(ExprNode node) => node switch
    {
        IdentifierRef id => id.Name,
        MemberNode { Property: ConstantNode { Value: string name } } => name,
        _ => "value",
    };

    private object? Unary(UnaryNode u)
    {
        if (u.Operator == "not") return !Bool(u.Operand);
        var value = Eval(u.Operand);
        return (u.Operator, value) switch
        {
            ("-", long l) => unchecked(-l),
            ("-", double d) => -d,
            ("-", TimeSpan t) => -t,
            ("+", long or double or TimeSpan) => value,
            _ => throw new EvalError(u.Pos, $"invalid operation: {u.Operator}{ExprRuntime.TypeName(value)}"),
        };
    }

    private object? BinaryOp(BinaryNode b)
    {
        switch (b.Operator)
        {
            case "and" or "&&": return Bool(b.Left) && Bool(b.Right);
            case "or" or "||": return Bool(b.Left) || Bool(b.Right);
            case "??": return Eval(b.Left) ?? Eval(b.Right);
        }
        var left = Eval(b.Left);
        var right = Eval(b.Right);
        try
        {
            return b.Operator switch
            {
                "==" => ExprRuntime.Equal(left, right),
                "!=" => !ExprRuntime.Equal(left, right),
                "<" => ExprRuntime.Compare(left, right, b.Operator) < 0,
                ">" => ExprRuntime.Compare(left, right, b.Operator) > 0,
                "<=" => ExprRuntime.Compare(left, right, b.Operator) <= 0,
                ">=" => ExprRuntime.Compare(left, right, b.Operator) >= 0,
                "in" => ExprRuntime.In(left, right),
                "not in" => !ExprRuntime.In(left, right),
                "matches" => Matches(b, left, right),
                "not matches" => !Matches(b, left, right),
                "contains" => Strings(b, left, right).A.Contains(Strings(b, left, right).B, StringComparison.Ordinal),
                "not contains" => !Strings(b, left, right).A.Contains(Strings(b, left, right).B, StringComparison.Ordinal),
                "startsWith" => Strings(b, left, right).A.StartsWith(Strings(b, left, right).B, StringComparison.Ordinal),
                "not startsWith" => !Strings(b, left, right).A.StartsWith(Strings(b, left, right).B, StringComparison.Ordinal),
                "endsWith" => Strings(b, left, right).A.EndsWith(Strings(b, left, right).B, StringComparison.Ordinal),
                "not endsWith" => !Strings(b, left, right).A.EndsWith(Strings(b, left, right).B, StringComparison.Ordinal),
                ".." => Range(b, left, right),
                _ => ExprRuntime.Arithmetic(b.Operator, left, right),
            };
        }
        catch (ExprRuntime.OperationException e)
        {
            throw new EvalError(b.Pos, e.Message);
        }
    }

    private static (string A, string B) Strings(BinaryNode b, object? left, object? right) =>
        left is string a && right is string c
            ? (a, c)
            : throw new EvalError(b.Pos, $"invalid operation: {ExprRuntime.TypeName(left)} {b.Operator} {ExprRuntime.TypeName(right)}");

    private static bool Matches(BinaryNode b, object? left, object? right)
    {
        var (text, pattern) = Strings(b, left, right);
        try
        {
            return SprigRegex.Compile(pattern).IsMatch(text);
        }
        catch (TemplateFunctionException e)
        {
            throw new EvalError(b.Right.Pos, e.Message);
        }
    }

    private List<object?> Range(BinaryNode b, object? left, object? right)
    {
        if (left is not long from || right is not long to)
            throw new EvalError(b.Pos, $"invalid operation: {ExprRuntime.TypeName(left)} .. {ExprRuntime.TypeName(right)}");
        var result = new List<object?>();
        for (var i = from; i <= to; i++)
        {
            Iterate(b.Pos);
            result.Add(i);
        }
        return result;
    }

    private void Iterate(int pos)
    {
        if (++_iterations > options.MaxIterations) throw new EvalError(pos, $"more than {options.MaxIterations} iterations");
    }

    private object? Builtin(BuiltinNode b)
    {
        if (ExprParser.PredicateBuiltins.Contains(b.Name) && b.Arguments.Count == 2 && b.Arguments[1] is ClosureNode predicate)
            return PredicateBuiltin(b, predicate);
        var args = b.Arguments.Select(Eval).ToList();
        try
        {
            return ExprRuntime.Builtin(b.Name, args, options);
        }
        catch (ExprRuntime.OperationException e)
        {
            throw new EvalError(b.Pos, e.Message);
        }
    }

    private object? PredicateBuiltin(BuiltinNode b, ClosureNode predicate)
    {
        var source = Eval(b.Arguments[0]);
        var items = source switch
        {
            List<object?> list => list,
            Dictionary<string, object?> map => GoValue.SortedKeys(map).Select(k => map[k]).ToList(),
            _ => throw new EvalError(b.Arguments[0].Pos, $"builtin {b.Name} takes only array (got {ExprRuntime.TypeName(source)})"),
        };
        var matches = 0;
        var mapped = new List<object?>();
        double sum = 0;
        var integral = true;
        for (var i = 0; i < items.Count; i++)
        {
            Iterate(b.Pos);
            _pointers.Push((items[i], i));
            object? value;
            try
            {
                value = Eval(predicate.Body);
            }
            finally
            {
                _pointers.Pop();
            }
            if (b.Name == "map")
            {
                mapped.Add(value);
                continue;
            }
            if (b.Name == "sum")
            {
                integral &= value is long;
                sum += value switch
                {
                    long l => l,
                    double d => d,
                    _ => throw new EvalError(predicate.Pos, $"invalid operation: + {ExprRuntime.TypeName(value)}"),
                };
                continue;
            }
            var truth = value is bool t ? t : throw new EvalError(predicate.Pos, $"predicate should return boolean (got {ExprRuntime.TypeName(value)})");
            if (!truth) continue;
            switch (b.Name)
            {
                case "any": return true;
                case "none": return false;
                case "find": return items[i];
                case "findIndex": return (long)i;
                case "filter": mapped.Add(items[i]); break;
            }
            if (b.Name is "findLast") mapped = [items[i]];
            if (b.Name is "findLastIndex") mapped = [(long)i];
            matches++;
        }
        return b.Name switch
        {
            "all" => matches == items.Count,
            "any" => false,
            "none" => true,
            "one" => matches == 1,
            "count" => (long)matches,
            "filter" or "map" => mapped,
            "find" => null,
            "findIndex" => -1L,
            "findLast" => mapped.FirstOrDefault(),
            "findLastIndex" => mapped.Count > 0 ? mapped[0] : -1L,
            "sum" => integral ? (long)sum : sum,
            _ => throw new EvalError(b.Pos, $"unknown builtin {b.Name}"),
        };
    }
}
