using System.Globalization;
using System.Text;

namespace Hawser.Templates;

internal enum ExprTokenKind { Number, String, Identifier, Operator, Bracket, Eof }

internal readonly record struct ExprToken(ExprTokenKind Kind, string Text, int Pos, object? Value = null);

/// <summary>Splits an expr program into tokens: numbers, strings ('', "", ``), identifiers and operators.</summary>
internal static class ExprLexer
{
    private static readonly string[] Operators =
        ["?.", "??", "!=", "==", "<=", ">=", "&&", "||", "..", "**", "!", "<", ">", "+", "-", "*", "/", "%", "^", "?", ":", ",", ".", "|", "#"];

    public static List<ExprToken> Tokenize(string source)
    {
        var tokens = new List<ExprToken>();
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < source.Length && char.IsAsciiDigit(source[i + 1]) && !(tokens.Count > 0 && IsValueEnd(tokens[^1]))))
            {
                tokens.Add(Number(source, ref i));
                continue;
            }
            if (c is '\'' or '"' or '`')
            {
                tokens.Add(new ExprToken(ExprTokenKind.String, source[start..(i = StringEnd(source, i))], start, Unquote(source, start, i)));
                continue;
            }
            if (char.IsLetter(c) || c is '_' or '$')
            {
                while (i < source.Length && (char.IsLetterOrDigit(source[i]) || source[i] is '_' or '$')) i++;
                tokens.Add(new ExprToken(ExprTokenKind.Identifier, source[start..i], start));
                continue;
            }
            if (c is '(' or ')' or '[' or ']' or '{' or '}')
            {
                tokens.Add(new ExprToken(ExprTokenKind.Bracket, c.ToString(), start));
                i++;
                continue;
            }
            var op = Operators.FirstOrDefault(o => string.CompareOrdinal(source, i, o, 0, o.Length) == 0);
            if (op is null) throw ExprException.At(source, start, $"unrecognized character: U+{(int)c:X4} '{c}'");
            // "?." followed by a digit is a ternary and a number: a ?.5 : 1.
            if (op == "?." && i + 2 < source.Length && char.IsAsciiDigit(source[i + 2])) op = "?";
            tokens.Add(new ExprToken(ExprTokenKind.Operator, op, start));
            i += op.Length;
        }
        tokens.Add(new ExprToken(ExprTokenKind.Eof, "", source.Length));
        return tokens;
    }

    private static bool IsValueEnd(ExprToken t) =>
        t.Kind is ExprTokenKind.Identifier or ExprTokenKind.Number or ExprTokenKind.String || t.Text is ")" or "]" or "}";

    private static ExprToken Number(string s, ref int i)
    {
        var start = i;
        if (s[i] == '0' && i + 1 < s.Length && s[i + 1] is 'x' or 'X')
        {
            i += 2;
            while (i < s.Length && (char.IsAsciiHexDigit(s[i]) || s[i] == '_')) i++;
            var hex = s[(start + 2)..i].Replace("_", "", StringComparison.Ordinal);
            return long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h)
                ? new ExprToken(ExprTokenKind.Number, s[start..i], start, h)
                : throw ExprException.At(s, start, $"invalid number {s[start..i]}");
        }
        var isFloat = false;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '_')) i++;
        if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
        {
            isFloat = true;
            i++;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '_')) i++;
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < s.Length && s[j] is '+' or '-') j++;
            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                isFloat = true;
                i = j;
                while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            }
        }
        var text = s[start..i].Replace("_", "", StringComparison.Ordinal);
        if (!isFloat && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
            return new ExprToken(ExprTokenKind.Number, s[start..i], start, l);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? new ExprToken(ExprTokenKind.Number, s[start..i], start, d)
            : throw ExprException.At(s, start, $"invalid number {s[start..i]}");
    }

    private static int StringEnd(string s, int i)
    {
        var quote = s[i++];
        while (i < s.Length)
        {
            if (s[i] == '\\' && quote != '`')
            {
                i += 2;
                continue;
            }
            if (s[i] == quote) return i + 1;
            i++;
        }
        throw ExprException.At(s, s.Length, "literal not terminated");
    }

    private static string Unquote(string s, int start, int end)
    {
        var quote = s[start];
        var body = s[(start + 1)..(end - 1)];
        if (quote == '`') return body;
        var sb = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\')
            {
                sb.Append(body[i]);
                continue;
            }
            var e = body[++i];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case '\\' or '\'' or '"' or '`': sb.Append(e); break;
                case 'u' when i + 4 < body.Length:
                    sb.Append((char)int.Parse(body.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                case 'x' when i + 2 < body.Length:
                    sb.Append((char)int.Parse(body.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                default: throw ExprException.At(s, start + 1 + i, $"invalid char escape \\{e}");
            }
        }
        return sb.ToString();
    }
}

/// <summary>A node of a compiled expr program; <see cref="Pos"/> is its offset in the source.</summary>
internal abstract record ExprNode(int Pos);

internal sealed record ConstantNode(int Pos, object? Value) : ExprNode(Pos);

internal sealed record IdentifierRef(int Pos, string Name) : ExprNode(Pos);

/// <summary><c>#</c> (the element of the enclosing predicate) or <c>#index</c>.</summary>
internal sealed record PointerNode(int Pos, bool Index) : ExprNode(Pos);

internal sealed record MemberNode(int Pos, ExprNode Target, ExprNode Property, bool Optional) : ExprNode(Pos);

internal sealed record SliceNode(int Pos, ExprNode Target, ExprNode? From, ExprNode? To) : ExprNode(Pos);

internal sealed record CallNode(int Pos, ExprNode Callee, List<ExprNode> Arguments) : ExprNode(Pos);

internal sealed record BuiltinNode(int Pos, string Name, List<ExprNode> Arguments) : ExprNode(Pos);

internal sealed record UnaryNode(int Pos, string Operator, ExprNode Operand) : ExprNode(Pos);

internal sealed record BinaryNode(int Pos, string Operator, ExprNode Left, ExprNode Right) : ExprNode(Pos);

internal sealed record ConditionalNode(int Pos, ExprNode Condition, ExprNode Then, ExprNode Else) : ExprNode(Pos);

internal sealed record ArrayNode(int Pos, List<ExprNode> Items) : ExprNode(Pos);

internal sealed record MapNode(int Pos, List<(ExprNode Key, ExprNode Value)> Pairs) : ExprNode(Pos);

/// <summary>A predicate argument of all/any/filter/map...: evaluated once per element with <c>#</c> bound to it.</summary>
internal sealed record ClosureNode(int Pos, ExprNode Body) : ExprNode(Pos);
