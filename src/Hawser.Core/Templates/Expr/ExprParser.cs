namespace Hawser.Templates;

/// <summary>Parses expr programs with expr-lang's operators and precedence: <c>or ||</c> &lt; <c>and &amp;&amp;</c> &lt;
/// comparisons, <c>in</c>, <c>not in</c>, <c>matches</c>, <c>contains</c>, <c>startsWith</c>, <c>endsWith</c> &lt;
/// <c>..</c> &lt; <c>+ -</c> &lt; <c>* / %</c> &lt; <c>** ^</c> (right) &lt; <c>??</c>; unary <c>not !</c> bind tighter
/// than comparisons, as in expr; <c>?:</c> is the loosest.</summary>
internal sealed class ExprParser
{
    private static readonly Dictionary<string, (int Precedence, bool Right)> Binary = new(StringComparer.Ordinal)
    {
        ["or"] = (1, false), ["||"] = (1, false),
        ["and"] = (2, false), ["&&"] = (2, false),
        ["=="] = (4, false), ["!="] = (4, false), ["<"] = (4, false), [">"] = (4, false), ["<="] = (4, false), [">="] = (4, false),
        ["in"] = (4, false), ["not in"] = (4, false), ["matches"] = (4, false), ["not matches"] = (4, false),
        ["contains"] = (4, false), ["not contains"] = (4, false), ["startsWith"] = (4, false), ["not startsWith"] = (4, false),
        ["endsWith"] = (4, false), ["not endsWith"] = (4, false),
        [".."] = (5, false),
        ["+"] = (6, false), ["-"] = (6, false),
        ["*"] = (7, false), ["/"] = (7, false), ["%"] = (7, false),
        ["**"] = (8, true), ["^"] = (8, true),
        ["??"] = (500, false),
    };

    /// <summary>The builtins whose second argument is a predicate over each element.</summary>
    public static readonly HashSet<string> PredicateBuiltins =
        ["all", "any", "none", "one", "filter", "map", "count", "find", "findIndex", "findLast", "findLastIndex", "sum"];

    public static readonly HashSet<string> Builtins =
    [
        .. PredicateBuiltins, "len", "abs", "int", "float", "string", "upper", "lower", "trim", "trimPrefix", "trimSuffix",
        "split", "join", "keys", "values", "first", "last", "max", "min", "now", "duration", "date", "hasPrefix", "hasSuffix",
        "indexOf", "replace", "repeat", "toJSON", "fromJSON", "type", "reverse", "sort", "uniq", "concat",
    ];

    private readonly string _source;
    private readonly List<ExprToken> _tokens;
    private int _index;
    private int _depth;
    private int _closures;

    private ExprParser(string source)
    {
        _source = source;
        _tokens = ExprLexer.Tokenize(source);
    }

    public static ExprNode Parse(string source)
    {
        var parser = new ExprParser(source);
        try
        {
            var node = parser.Expression(0);
            var rest = parser.Peek();
            if (rest.Kind != ExprTokenKind.Eof) throw parser.Unexpected(rest);
            return node;
        }
        catch (InsufficientExecutionStackException)
        {
            throw ExprException.At(source, parser.Peek().Pos, "expression nested too deeply");
        }
    }

    private ExprToken Peek(int ahead = 0) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private ExprToken Next() => _tokens[Math.Min(_index++, _tokens.Count - 1)];

    private bool IsOperator(string text, int ahead = 0) => Peek(ahead) is var t
        && (t.Kind == ExprTokenKind.Operator || t.Kind == ExprTokenKind.Bracket || (t.Kind == ExprTokenKind.Identifier && IsWordOperator(t.Text)))
        && t.Text == text;

    private static bool IsWordOperator(string word) =>
        word is "and" or "or" or "not" or "in" or "matches" or "contains" or "startsWith" or "endsWith";

    private void Expect(string text)
    {
        var token = Next();
        if (token.Text != text || token.Kind == ExprTokenKind.String) throw Unexpected(token);
    }

    private ExprException Unexpected(ExprToken token) => ExprException.At(_source, token.Pos,
        token.Kind == ExprTokenKind.Eof ? "unexpected end of expression" : $"unexpected token {Describe(token)}");

    private static string Describe(ExprToken t) => t.Kind switch
    {
        ExprTokenKind.String => $"String(\"{t.Value}\")",
        ExprTokenKind.Number => $"Number({t.Text})",
        ExprTokenKind.Identifier => $"Identifier(\"{t.Text}\")",
        ExprTokenKind.Bracket => $"Bracket(\"{t.Text}\")",
        _ => $"Operator(\"{t.Text}\")",
    };

    private ExprNode Expression(int precedence)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (++_depth > 500) throw ExprException.At(_source, Peek().Pos, "expression nested too deeply");
        var left = Unary();
        while (true)
        {
            var token = Peek();
            string? op = null;
            var width = 1;
            if (token.Kind == ExprTokenKind.Operator || (token.Kind == ExprTokenKind.Identifier && IsWordOperator(token.Text)))
            {
                op = token.Text;
                if (op == "not" && Peek(1).Kind == ExprTokenKind.Identifier && Binary.ContainsKey("not " + Peek(1).Text))
                {
                    op = "not " + Peek(1).Text;
                    width = 2;
                }
            }
            if (op is null || !Binary.TryGetValue(op, out var info) || info.Precedence < precedence) break;
            _index += width;
            var right = Expression(info.Right ? info.Precedence : info.Precedence + 1);
            left = new BinaryNode(token.Pos, op, left, right);
        }
        if (precedence == 0 && IsOperator("?"))
        {
            var pos = Next().Pos;
            var then = Expression(0);
            Expect(":");
            var otherwise = Expression(0);
            left = new ConditionalNode(pos, left, then, otherwise);
        }
        _depth--;
        return left;
    }

    private ExprNode Unary()
    {
        var token = Peek();
        if ((token.Kind == ExprTokenKind.Identifier && token.Text == "not") || (token.Kind == ExprTokenKind.Operator && token.Text == "!"))
        {
            Next();
            return new UnaryNode(token.Pos, "not", Expression(50));
        }
        if (token.Kind == ExprTokenKind.Operator && token.Text is "-" or "+")
        {
            Next();
            return new UnaryNode(token.Pos, token.Text, Expression(90));
        }
        return Postfix(Primary());
    }

    private ExprNode Primary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case ExprTokenKind.Number:
            case ExprTokenKind.String:
                return new ConstantNode(token.Pos, token.Value);
            case ExprTokenKind.Identifier:
                switch (token.Text)
                {
                    case "true": return new ConstantNode(token.Pos, true);
                    case "false": return new ConstantNode(token.Pos, false);
                    case "nil": return new ConstantNode(token.Pos, null);
                }
                if (IsOperator("(") && Builtins.Contains(token.Text)) return Builtin(token);
                return new IdentifierRef(token.Pos, token.Text);
            case ExprTokenKind.Bracket when token.Text == "(":
                var inner = Expression(0);
                Expect(")");
                return inner;
            case ExprTokenKind.Bracket when token.Text == "[":
                var items = new List<ExprNode>();
                while (!IsOperator("]"))
                {
                    items.Add(Expression(0));
                    if (!IsOperator(",")) break;
                    Next();
                }
                Expect("]");
                return new ArrayNode(token.Pos, items);
            case ExprTokenKind.Bracket when token.Text == "{":
                return MapLiteral(token);
            case ExprTokenKind.Operator when token.Text == "#":
                if (_closures == 0) throw ExprException.At(_source, token.Pos, "cannot use pointer accessor outside predicate");
                if (Peek().Kind == ExprTokenKind.Identifier && Peek().Pos == token.Pos + 1 && Peek().Text == "index")
                {
                    Next();
                    return new PointerNode(token.Pos, true);
                }
                return new PointerNode(token.Pos, false);
            case ExprTokenKind.Operator when token.Text == "." && _closures > 0:
                // ".field" inside a predicate reads the field of "#".
                var name = Next();
                if (name.Kind != ExprTokenKind.Identifier) throw Unexpected(name);
                return new MemberNode(token.Pos, new PointerNode(token.Pos, false), new ConstantNode(name.Pos, name.Text), false);
        }
        throw Unexpected(token);
    }

    private MapNode MapLiteral(ExprToken open)
    {
        var pairs = new List<(ExprNode, ExprNode)>();
        while (!IsOperator("}"))
        {
            var keyToken = Peek();
            ExprNode key;
            if (keyToken.Kind is ExprTokenKind.Identifier or ExprTokenKind.Number)
            {
                Next();
                key = new ConstantNode(keyToken.Pos, keyToken.Kind == ExprTokenKind.Identifier ? keyToken.Text : keyToken.Value);
            }
            else if (keyToken.Kind == ExprTokenKind.String)
            {
                Next();
                key = new ConstantNode(keyToken.Pos, keyToken.Value);
            }
            else if (IsOperator("("))
            {
                Next();
                key = Expression(0);
                Expect(")");
            }
            else throw Unexpected(keyToken);
            Expect(":");
            pairs.Add((key, Expression(0)));
            if (!IsOperator(",")) break;
            Next();
        }
        Expect("}");
        return new MapNode(open.Pos, pairs);
    }

    private BuiltinNode Builtin(ExprToken name)
    {
        Expect("(");
        var args = new List<ExprNode>();
        while (!IsOperator(")"))
        {
            if (args.Count == 1 && PredicateBuiltins.Contains(name.Text)) args.Add(Closure());
            else args.Add(Expression(0));
            if (!IsOperator(",")) break;
            Next();
        }
        Expect(")");
        return new BuiltinNode(name.Pos, name.Text, args);
    }

    private ClosureNode Closure()
    {
        var pos = Peek().Pos;
        _closures++;
        ExprNode body;
        if (IsOperator("{"))
        {
            Next();
            body = Expression(0);
            Expect("}");
        }
        else body = Expression(0);
        _closures--;
        return new ClosureNode(pos, body);
    }

    private ExprNode Postfix(ExprNode node)
    {
        while (true)
        {
            var token = Peek();
            if (IsOperator(".") || IsOperator("?."))
            {
                Next();
                var name = Next();
                if (name.Kind != ExprTokenKind.Identifier) throw Unexpected(name);
                node = new MemberNode(name.Pos, node, new ConstantNode(name.Pos, name.Text), token.Text == "?.");
            }
            else if (IsOperator("["))
            {
                Next();
                if (IsOperator(":"))
                {
                    Next();
                    var to = IsOperator("]") ? null : Expression(0);
                    Expect("]");
                    node = new SliceNode(token.Pos, node, null, to);
                    continue;
                }
                var index = Expression(0);
                if (IsOperator(":"))
                {
                    Next();
                    var to = IsOperator("]") ? null : Expression(0);
                    Expect("]");
                    node = new SliceNode(token.Pos, node, index, to);
                    continue;
                }
                Expect("]");
                node = new MemberNode(token.Pos, node, index, false);
            }
            else if (IsOperator("(") && node is IdentifierRef or MemberNode)
            {
                Next();
                var args = new List<ExprNode>();
                while (!IsOperator(")"))
                {
                    args.Add(Expression(0));
                    if (!IsOperator(",")) break;
                    Next();
                }
                Expect(")");
                node = new CallNode(token.Pos, node, args);
            }
            else return node;
        }
    }
}
