using System.Globalization;
using System.Runtime.CompilerServices;

namespace Hawser.Templates;

/// <summary>
/// Parses Go template text into trees, one per template (the text itself and each <c>define</c>/<c>block</c>),
/// with Go's checks: functions must exist, variables must be declared, <c>break</c>/<c>continue</c> only in <c>range</c>.
/// </summary>
internal sealed class Parser
{
    private readonly List<Token> _tokens;
    private readonly string _text;
    private readonly string _parseName;
    private readonly Func<string, bool> _hasFunction;
    private readonly Dictionary<string, TemplateTree> _trees;
    private int _index;
    private List<string> _vars = ["$"];
    private int _rangeDepth;
    private int _depth;

    private Parser(string parseName, string text, Func<string, bool> hasFunction, Dictionary<string, TemplateTree> trees)
    {
        _parseName = parseName;
        _text = text;
        _hasFunction = hasFunction;
        _trees = trees;
        _tokens = Lexer.Tokenize(text, parseName);
    }

    /// <summary>Parses <paramref name="text"/> as template <paramref name="name"/> into <paramref name="trees"/>.</summary>
    public static void Parse(string name, string text, Func<string, bool> hasFunction, Dictionary<string, TemplateTree> trees)
    {
        var parser = new Parser(name, text, hasFunction, trees);
        try
        {
            parser.ParseTop(name);
        }
        catch (InsufficientExecutionStackException)
        {
            throw parser.Error("template nesting too deep");
        }
    }

    private void ParseTop(string name)
    {
        var root = new ListNode(Peek().Pos, []);
        while (Peek().Kind != TokenKind.Eof)
        {
            if (Peek().Kind == TokenKind.LeftDelim)
            {
                var mark = _index;
                Next();
                var keyword = NextNonSpace();
                if (keyword is { Kind: TokenKind.Keyword, Text: "define" })
                {
                    ParseDefinition();
                    continue;
                }
                _index = mark;
            }
            var node = TextOrAction();
            switch (node)
            {
                case null: continue;
                case EndMarker or ElseMarker: throw Error($"unexpected {node}");
                default: root.Nodes.Add(node); break;
            }
        }
        Add(new TemplateTree(name, _parseName, _text, root));
    }

    private void ParseDefinition()
    {
        const string context = "define clause";
        var nameToken = NextNonSpace();
        var name = TemplateName(nameToken, context);
        Expect(TokenKind.RightDelim, context);
        var saved = _vars;
        _vars = ["$"];
        var (list, end) = ItemList();
        _vars = saved;
        if (end is not EndMarker) throw Error($"unexpected {end} in {context}");
        Add(new TemplateTree(name, _parseName, _text, list));
    }

    private void Add(TemplateTree tree)
    {
        if (!_trees.TryGetValue(tree.Name, out var existing) || IsEmpty(existing.Root))
        {
            _trees[tree.Name] = tree;
            return;
        }
        if (!IsEmpty(tree.Root)) throw Error($"template: multiple definition of template \"{tree.Name}\"");
    }

    private static bool IsEmpty(Node node) => node switch
    {
        ListNode list => list.Nodes.All(IsEmpty),
        TextNode text => string.IsNullOrWhiteSpace(text.Text),
        _ => false,
    };

    private (ListNode List, Node End) ItemList()
    {
        var list = new ListNode(PeekNonSpace().Pos, []);
        while (PeekNonSpace().Kind != TokenKind.Eof)
        {
            var node = TextOrAction();
            if (node is EndMarker or ElseMarker) return (list, node);
            if (node is not null) list.Nodes.Add(node);
        }
        throw Error("unexpected EOF");
    }

    private Node? TextOrAction()
    {
        var token = NextNonSpace();
        return token.Kind switch
        {
            TokenKind.Text => new TextNode(token.Pos, token.Text),
            TokenKind.LeftDelim => Action(),
            TokenKind.Comment => null,
            _ => throw Unexpected(token, "input"),
        };
    }

    private Node Action()
    {
        var token = NextNonSpace();
        if (token.Kind == TokenKind.Keyword)
        {
            switch (token.Text)
            {
                case "block": return BlockControl();
                case "break": return BreakOrContinue(token, "break");
                case "continue": return BreakOrContinue(token, "continue");
                case "else": return ElseControl();
                case "end": return new EndMarker(Expect(TokenKind.RightDelim, "end").Pos);
                case "if": return Control(BranchKind.If, "if");
                case "range": return Control(BranchKind.Range, "range");
                case "template": return TemplateControl();
                case "with": return Control(BranchKind.With, "with");
            }
        }
        _index--;
        var pos = Peek().Pos;
        return new ActionNode(pos, Pipeline("command", TokenKind.RightDelim));
    }

    private Node BreakOrContinue(Token token, string word)
    {
        var delim = NextNonSpace();
        if (delim.Kind != TokenKind.RightDelim) throw Unexpected(delim, $"{{{{{word}}}}}");
        if (_rangeDepth == 0) throw Error($"{{{{{word}}}}} outside {{{{range}}}}");
        return word == "break" ? new BreakNode(token.Pos) : new ContinueNode(token.Pos);
    }

    private Node ElseControl()
    {
        var peek = PeekNonSpace();
        if (peek.Kind == TokenKind.Keyword && peek.Text is "if" or "with") return new ElseMarker(peek.Pos, peek.Text);
        return new ElseMarker(Expect(TokenKind.RightDelim, "else").Pos, null);
    }

    private BranchNode Control(BranchKind kind, string context)
    {
        Deeper();
        var mark = _vars.Count;
        var pipe = Pipeline(context, TokenKind.RightDelim);
        if (kind == BranchKind.Range) _rangeDepth++;
        var (list, next) = ItemList();
        if (kind == BranchKind.Range) _rangeDepth--;
        ListNode? elseList = null;
        if (next is ElseMarker marker)
        {
            var chained = marker.Chain is not null
                && ((kind == BranchKind.If && marker.Chain == "if") || (kind == BranchKind.With && marker.Chain == "with"));
            if (marker.Chain is not null && !chained) throw Error($"unexpected \"{marker.Chain}\" in else");
            if (chained)
            {
                NextNonSpace(); // the "if" or "with" of "else if"/"else with"
                elseList = new ListNode(marker.Pos, [Control(kind, context)]);
            }
            else
            {
                (elseList, next) = ItemList();
                if (next is not EndMarker) throw Error($"expected end; found {next}");
            }
        }
        _vars.RemoveRange(mark, _vars.Count - mark);
        _depth--;
        return new BranchNode(pipe.Pos, kind, pipe, list, elseList);
    }

    private TemplateNode TemplateControl()
    {
        const string context = "template clause";
        var token = NextNonSpace();
        var name = TemplateName(token, context);
        PipeNode? pipe = null;
        if (NextNonSpace().Kind != TokenKind.RightDelim)
        {
            _index--;
            pipe = Pipeline(context, TokenKind.RightDelim);
        }
        return new TemplateNode(token.Pos, name, pipe);
    }

    private TemplateNode BlockControl()
    {
        const string context = "block clause";
        var token = NextNonSpace();
        var name = TemplateName(token, context);
        var pipe = Pipeline(context, TokenKind.RightDelim);
        var saved = _vars;
        var savedRange = _rangeDepth;
        _vars = ["$"];
        _rangeDepth = 0;
        var (list, end) = ItemList();
        _vars = saved;
        _rangeDepth = savedRange;
        if (end is not EndMarker) throw Error($"unexpected {end} in {context}");
        Add(new TemplateTree(name, _parseName, _text, list));
        return new TemplateNode(token.Pos, name, pipe);
    }

    private string TemplateName(Token token, string context) => token.Kind switch
    {
        TokenKind.String => UnquoteOrFail(token),
        TokenKind.RawString => token.Text[1..^1].Replace("\r", "", StringComparison.Ordinal),
        _ => throw Unexpected(token, context),
    };

    private PipeNode Pipeline(string context, TokenKind end)
    {
        var pipe = new PipeNode(PeekNonSpace().Pos, false, [], []);
        var isAssign = false;
        while (PeekNonSpace().Kind == TokenKind.Variable)
        {
            var mark = _index;
            var v = NextNonSpace();
            var next = PeekNonSpace();
            if (next.Kind is TokenKind.Assign or TokenKind.Declare)
            {
                isAssign = next.Kind == TokenKind.Assign;
                NextNonSpace();
                pipe.Decl.Add(new VariableNode(v.Pos, [v.Text]));
                _vars.Add(v.Text);
                break;
            }
            if (next.Kind == TokenKind.Comma)
            {
                NextNonSpace();
                pipe.Decl.Add(new VariableNode(v.Pos, [v.Text]));
                _vars.Add(v.Text);
                if (context == "range" && pipe.Decl.Count < 2)
                {
                    if (PeekNonSpace().Kind is TokenKind.Variable or TokenKind.RightDelim or TokenKind.RightParen) continue;
                    throw Error("range can only initialize variables");
                }
                throw Error($"too many declarations in {context}");
            }
            _index = mark;
            break;
        }
        pipe = pipe with { IsAssign = isAssign };
        while (true)
        {
            var token = NextNonSpace();
            if (token.Kind == end)
            {
                if (end == TokenKind.RightParen) _index--;
                CheckPipeline(pipe, context);
                return pipe;
            }
            switch (token.Kind)
            {
                case TokenKind.Bool or TokenKind.Char or TokenKind.Dot or TokenKind.Field or TokenKind.Identifier
                    or TokenKind.Number or TokenKind.Nil or TokenKind.RawString or TokenKind.String
                    or TokenKind.Variable or TokenKind.LeftParen:
                    _index--;
                    pipe.Commands.Add(Command());
                    break;
                default:
                    throw Unexpected(token, context);
            }
        }
    }

    private void CheckPipeline(PipeNode pipe, string context)
    {
        if (pipe.Commands.Count == 0) throw Error($"missing value for {context}");
        for (var i = 1; i < pipe.Commands.Count; i++)
        {
            if (pipe.Commands[i].Args[0] is BoolNode or DotNode or NilNode or NumberNode or StringNode)
                throw Error($"non executable command in pipeline stage {i + 1}");
        }
    }

    private CommandNode Command()
    {
        var command = new CommandNode(PeekNonSpace().Pos, []);
        while (true)
        {
            PeekNonSpace();
            var operand = Operand();
            if (operand is not null) command.Args.Add(operand);
            var token = Next();
            if (token.Kind == TokenKind.Space) continue;
            if (token.Kind is TokenKind.RightDelim or TokenKind.RightParen) _index--;
            else if (token.Kind != TokenKind.Pipe) throw Unexpected(token, "operand");
            break;
        }
        if (command.Args.Count == 0) throw Error("empty command");
        return command;
    }

    private Node? Operand()
    {
        var node = Term();
        if (node is null) return null;
        if (Peek().Kind != TokenKind.Field) return node;
        var chainPos = Peek().Pos;
        var fields = new List<string>();
        while (Peek().Kind == TokenKind.Field) fields.Add(Next().Text[1..]);
        return node switch
        {
            FieldNode f => new FieldNode(chainPos, [.. f.Ident, .. fields]),
            VariableNode v => new VariableNode(chainPos, [.. v.Ident, .. fields]),
            BoolNode or StringNode or NumberNode or NilNode or DotNode => throw Error($"unexpected . after term \"{node}\""),
            _ => new ChainNode(chainPos, node, [.. fields]),
        };
    }

    private Node? Term()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Identifier:
                if (!_hasFunction(token.Text)) throw Error($"function \"{token.Text}\" not defined");
                return new IdentifierNode(token.Pos, token.Text);
            case TokenKind.Dot: return new DotNode(token.Pos);
            case TokenKind.Nil: return new NilNode(token.Pos);
            case TokenKind.Variable:
                if (!_vars.Contains(token.Text)) throw Error($"undefined variable \"{token.Text}\"");
                return new VariableNode(token.Pos, [token.Text]);
            case TokenKind.Field: return new FieldNode(token.Pos, [token.Text[1..]]);
            case TokenKind.Bool: return new BoolNode(token.Pos, token.Text == "true");
            case TokenKind.Number: return new NumberNode(token.Pos, token.Text, ParseNumber(token.Text));
            case TokenKind.Char: return new NumberNode(token.Pos, token.Text, (long)char.ConvertToUtf32(UnquoteChar(token), 0));
            case TokenKind.LeftParen:
                Deeper();
                var pipe = Pipeline("parenthesized pipeline", TokenKind.RightParen);
                _depth--;
                var close = Next();
                if (close.Kind != TokenKind.RightParen) throw Error($"unclosed right paren: unexpected {Describe(close)}");
                return pipe;
            case TokenKind.String: return new StringNode(token.Pos, token.Text, UnquoteOrFail(token));
            case TokenKind.RawString:
                return new StringNode(token.Pos, token.Text, token.Text[1..^1].Replace("\r", "", StringComparison.Ordinal));
        }
        _index--;
        return null;
    }

    private void Deeper()
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (++_depth > 1000) throw Error("template nesting too deep");
    }

    private string UnquoteChar(Token token)
    {
        var inner = token.Text[1..^1];
        var value = inner.StartsWith('\\') ? UnquoteOrFail(token with { Text = "\"" + inner + "\"" }) : inner;
        if (value.Length == 0 || char.ConvertToUtf32(value, 0) is var cp && value.Length != (cp > 0xFFFF ? 2 : 1))
            throw Error($"malformed character constant: {token.Text}");
        return value;
    }

    private string UnquoteOrFail(Token token)
    {
        try
        {
            return Lexer.Unquote(token.Text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            throw Error("invalid syntax");
        }
    }

    private object ParseNumber(string text)
    {
        var clean = text.Replace("_", "", StringComparison.Ordinal);
        var negative = clean.StartsWith('-');
        var body = clean.TrimStart('+', '-');
        var isHex = body.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (isHex && !body.Contains('.', StringComparison.Ordinal) && !body.Contains('p', StringComparison.OrdinalIgnoreCase))
            return Signed(ParseBase(body[2..], 16, text), negative);
        if (body.StartsWith("0b", StringComparison.OrdinalIgnoreCase)) return Signed(ParseBase(body[2..], 2, text), negative);
        if (body.StartsWith("0o", StringComparison.OrdinalIgnoreCase)) return Signed(ParseBase(body[2..], 8, text), negative);
        var isFloat = body.IndexOfAny(['.', 'e', 'E']) >= 0 && !isHex;
        if (!isFloat)
        {
            if (body.Length > 1 && body[0] == '0') return Signed(ParseBase(body[1..], 8, text), negative);
            if (long.TryParse(clean, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        }
        if (isHex) throw Error($"illegal number syntax: \"{text}\"");
        return double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d
            : throw Error($"illegal number syntax: \"{text}\"");
    }

    private long ParseBase(string digits, int radix, string text)
    {
        try
        {
            return digits.Length == 0 ? throw Error($"illegal number syntax: \"{text}\"") : Convert.ToInt64(digits, radix);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw Error($"illegal number syntax: \"{text}\"");
        }
    }

    private static long Signed(long value, bool negative) => negative ? -value : value;

    private Token Expect(TokenKind kind, string context)
    {
        var token = NextNonSpace();
        return token.Kind == kind ? token : throw Unexpected(token, context);
    }

    private Token Next() => _tokens[Math.Min(_index++, _tokens.Count - 1)];

    private Token Peek() => _tokens[Math.Min(_index, _tokens.Count - 1)];

    private Token NextNonSpace()
    {
        Token token;
        do token = Next();
        while (token.Kind == TokenKind.Space);
        return token;
    }

    private Token PeekNonSpace()
    {
        var token = NextNonSpace();
        _index--;
        return token;
    }

    private TemplateException Unexpected(Token token, string context) => Error($"unexpected {Describe(token)} in {context}");

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.Eof => "EOF",
        TokenKind.Keyword => $"<{token.Text}>",
        TokenKind.RightDelim or TokenKind.LeftDelim or TokenKind.Space => $"\"{token.Text}\"",
        _ when token.Text.Length > 10 => $"\"{token.Text[..10]}\"...",
        _ => $"\"{token.Text}\"",
    };

    private TemplateException Error(string message)
    {
        var pos = _tokens[Math.Clamp(_index - 1, 0, _tokens.Count - 1)].Pos;
        var line = Lexer.LineOf(_text, pos);
        return new TemplateException($"template: {_parseName}:{line}: {message}", _parseName, line, 0);
    }

    private sealed record EndMarker(int Pos) : Node(Pos)
    {
        public override string ToString() => "{{end}}";
    }

    private sealed record ElseMarker(int Pos, string? Chain) : Node(Pos)
    {
        public override string ToString() => "{{else}}";
    }
}
