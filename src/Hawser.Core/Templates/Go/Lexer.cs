using System.Globalization;
using System.Text;

namespace Hawser.Templates;

internal enum TokenKind
{
    Text, LeftDelim, RightDelim, Space, Identifier, Keyword, Field, Variable, Dot, String, RawString, Char, Number,
    Bool, Nil, Pipe, LeftParen, RightParen, Declare, Assign, Comma, Comment, Eof,
}

internal readonly record struct Token(TokenKind Kind, int Pos, string Text);

/// <summary>Splits a template into text and action tokens, applying <c>{{- </c>/<c> -}}</c> trimming, as Go's lexer.</summary>
internal sealed class Lexer
{
    private const string Left = "{{";
    private const string Right = "}}";
    private static readonly HashSet<string> Keywords =
        ["block", "break", "continue", "define", "else", "end", "if", "range", "template", "with"];

    private readonly string _text;
    private readonly string _name;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _parenDepth;

    private Lexer(string text, string name)
    {
        _text = text;
        _name = name;
    }

    public static List<Token> Tokenize(string text, string name)
    {
        var lexer = new Lexer(text, name);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        var trimNextText = false;
        while (_pos < _text.Length)
        {
            var start = _text.IndexOf(Left, _pos, StringComparison.Ordinal);
            var end = start < 0 ? _text.Length : start;
            var textStart = _pos;
            var leftTrim = start >= 0 && HasLeftTrim(start + Left.Length);
            var piece = _text[textStart..end];
            if (trimNextText) piece = piece.TrimStart(' ', '\t', '\r', '\n');
            if (leftTrim) piece = piece.TrimEnd(' ', '\t', '\r', '\n');
            if (piece.Length > 0) _tokens.Add(new Token(TokenKind.Text, textStart, piece));
            if (start < 0)
            {
                _pos = _text.Length;
                break;
            }
            _pos = start + Left.Length + (leftTrim ? 2 : 0);
            trimNextText = LexAction(start);
        }
        _tokens.Add(new Token(TokenKind.Eof, _text.Length, ""));
    }

    private bool HasLeftTrim(int at) =>
        at + 1 < _text.Length && _text[at] == '-' && IsSpace(_text[at + 1]);

    private bool AtRightTrim(int at) =>
        at + 2 < _text.Length && IsSpace(_text[at]) && _text[at + 1] == '-' && string.CompareOrdinal(_text, at + 2, Right, 0, 2) == 0;

    private bool AtRight(int at) => string.CompareOrdinal(_text, at, Right, 0, 2) == 0;

    /// <summary>Lexes one action from just after its left delimiter; returns whether it trims the following text.</summary>
    private bool LexAction(int delimPos)
    {
        if (string.CompareOrdinal(_text, _pos, "/*", 0, 2) == 0) return LexComment(delimPos);
        _tokens.Add(new Token(TokenKind.LeftDelim, delimPos, Left));
        _parenDepth = 0;
        while (true)
        {
            if (_pos >= _text.Length) throw Error("unclosed action");
            if (AtRightTrim(_pos))
            {
                if (_parenDepth > 0) throw Error("unclosed left paren");
                _tokens.Add(new Token(TokenKind.RightDelim, _pos + 2, Right));
                _pos += 4;
                return true;
            }
            if (AtRight(_pos))
            {
                if (_parenDepth > 0) throw Error("unclosed left paren");
                _tokens.Add(new Token(TokenKind.RightDelim, _pos, Right));
                _pos += 2;
                return false;
            }
            LexInside();
        }
    }

    private bool LexComment(int delimPos)
    {
        var close = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
        if (close < 0) throw Error("unclosed comment");
        var after = close + 2;
        bool trim;
        if (AtRightTrim(after)) { trim = true; _pos = after + 4; }
        else if (AtRight(after)) { trim = false; _pos = after + 2; }
        else throw Error("comment ends before closing delimiter");
        _tokens.Add(new Token(TokenKind.Comment, delimPos, _text[delimPos.._pos]));
        return trim;
    }

    private void LexInside()
    {
        var c = _text[_pos];
        var start = _pos;
        switch (c)
        {
            case '\r' or '\n' or ' ' or '\t':
                // LexAction has already taken a space that starts " -}}"; stop before the next one.
                do _pos++;
                while (_pos < _text.Length && IsSpace(_text[_pos]) && !AtRightTrim(_pos));
                _tokens.Add(new Token(TokenKind.Space, start, _text[start.._pos]));
                return;
            case '=':
                _pos++;
                _tokens.Add(new Token(TokenKind.Assign, start, "="));
                return;
            case ':':
                if (_pos + 1 >= _text.Length || _text[_pos + 1] != '=') throw Error("expected :=");
                _pos += 2;
                _tokens.Add(new Token(TokenKind.Declare, start, ":="));
                return;
            case '|':
                _pos++;
                _tokens.Add(new Token(TokenKind.Pipe, start, "|"));
                return;
            case '"':
                LexQuote();
                return;
            case '`':
                LexRawQuote();
                return;
            case '$':
                _pos++;
                ScanAlnum();
                CheckTerminator();
                _tokens.Add(new Token(TokenKind.Variable, start, _text[start.._pos]));
                return;
            case '\'':
                LexChar();
                return;
            case '.':
                if (_pos + 1 < _text.Length && !char.IsAsciiDigit(_text[_pos + 1]))
                {
                    _pos++;
                    ScanAlnum();
                    CheckTerminator();
                    _tokens.Add(_pos - start == 1
                        ? new Token(TokenKind.Dot, start, ".")
                        : new Token(TokenKind.Field, start, _text[start.._pos]));
                    return;
                }
                LexNumber();
                return;
            case '+' or '-':
            case >= '0' and <= '9':
                LexNumber();
                return;
            case '(':
                _pos++;
                _parenDepth++;
                _tokens.Add(new Token(TokenKind.LeftParen, start, "("));
                return;
            case ')':
                _pos++;
                _parenDepth--;
                if (_parenDepth < 0) throw Error("unexpected right paren");
                _tokens.Add(new Token(TokenKind.RightParen, start, ")"));
                return;
            case ',':
                _pos++;
                _tokens.Add(new Token(TokenKind.Comma, start, ","));
                return;
        }
        if (IsAlnum(c))
        {
            ScanAlnum();
            CheckTerminator();
            var word = _text[start.._pos];
            var kind = word switch
            {
                "true" or "false" => TokenKind.Bool,
                "nil" => TokenKind.Nil,
                _ when Keywords.Contains(word) => TokenKind.Keyword,
                _ => TokenKind.Identifier,
            };
            _tokens.Add(new Token(kind, start, word));
            return;
        }
        throw Error($"unrecognized character in action: {Quote(c)}");
    }

    private void ScanAlnum()
    {
        while (_pos < _text.Length && IsAlnum(_text[_pos])) _pos++;
    }

    private void CheckTerminator()
    {
        if (_pos >= _text.Length) return;
        var c = _text[_pos];
        if (IsSpace(c) || c is '.' or ',' or '|' or ':' or ')' or '(' || AtRight(_pos)) return;
        throw Error($"bad character {Quote(c)}");
    }

    private void LexQuote()
    {
        var start = _pos++;
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n') throw Error("unterminated quoted string");
            var c = _text[_pos++];
            if (c == '\\')
            {
                if (_pos >= _text.Length || _text[_pos] == '\n') throw Error("unterminated quoted string");
                _pos++;
            }
            else if (c == '"') break;
        }
        _tokens.Add(new Token(TokenKind.String, start, _text[start.._pos]));
    }

    private void LexRawQuote()
    {
        var start = _pos;
        var close = _text.IndexOf('`', _pos + 1);
        if (close < 0) throw Error("unterminated raw quoted string");
        _pos = close + 1;
        _tokens.Add(new Token(TokenKind.RawString, start, _text[start.._pos]));
    }

    private void LexChar()
    {
        var start = _pos++;
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n') throw Error("unterminated character constant");
            var c = _text[_pos++];
            if (c == '\\')
            {
                if (_pos >= _text.Length || _text[_pos] == '\n') throw Error("unterminated character constant");
                _pos++;
            }
            else if (c == '\'') break;
        }
        _tokens.Add(new Token(TokenKind.Char, start, _text[start.._pos]));
    }

    private void LexNumber()
    {
        var start = _pos;
        if (_text[_pos] is '+' or '-') _pos++;
        var digits = "0123456789_";
        if (_pos + 1 < _text.Length && _text[_pos] == '0' && "xXoObB".Contains(_text[_pos + 1], StringComparison.Ordinal))
        {
            digits = _text[_pos + 1] switch
            {
                'x' or 'X' => "0123456789abcdefABCDEF_",
                'o' or 'O' => "01234567_",
                _ => "01_",
            };
            _pos += 2;
        }
        Accept(digits);
        if (_pos < _text.Length && _text[_pos] == '.')
        {
            _pos++;
            Accept(digits);
        }
        if (digits.Length == 11 && _pos < _text.Length && _text[_pos] is 'e' or 'E')
        {
            _pos++;
            if (_pos < _text.Length && _text[_pos] is '+' or '-') _pos++;
            Accept("0123456789_");
        }
        if (digits.Length == 23 && _pos < _text.Length && _text[_pos] is 'p' or 'P')
        {
            _pos++;
            if (_pos < _text.Length && _text[_pos] is '+' or '-') _pos++;
            Accept("0123456789_");
        }
        if (_pos < _text.Length && IsAlnum(_text[_pos]))
        {
            _pos++;
            throw Error($"bad number syntax: \"{_text[start.._pos]}\"");
        }
        _tokens.Add(new Token(TokenKind.Number, start, _text[start.._pos]));
    }

    private void Accept(string valid)
    {
        while (_pos < _text.Length && valid.Contains(_text[_pos], StringComparison.Ordinal)) _pos++;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsAlnum(char c) => c == '_' || char.IsLetterOrDigit(c);

    private static string Quote(char c) => c < ' ' ? $"U+{(int)c:X4}" : $"U+{(int)c:X4} '{c}'";

    private TemplateException Error(string message)
    {
        var line = LineOf(_text, Math.Min(_pos, _text.Length));
        return new TemplateException($"template: {_name}:{line}: {message}", _name, line, 0);
    }

    public static int LineOf(string text, int pos)
    {
        var line = 1;
        for (var i = 0; i < pos && i < text.Length; i++)
        {
            if (text[i] == '\n') line++;
        }
        return line;
    }

    /// <summary>Decodes a Go interpreted string literal (with its quotes), as strconv.Unquote.</summary>
    public static string Unquote(string literal)
    {
        var body = literal.AsSpan(1, literal.Length - 2);
        var sb = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            var e = body[++i];
            switch (e)
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': sb.Append('\\'); break;
                case '"': sb.Append('"'); break;
                case '\'': sb.Append('\''); break;
                case 'x':
                    sb.Append((char)ParseHex(body, i + 1, 2));
                    i += 2;
                    break;
                case 'u':
                    sb.Append(char.ConvertFromUtf32(ParseHex(body, i + 1, 4)));
                    i += 4;
                    break;
                case 'U':
                    sb.Append(char.ConvertFromUtf32(ParseHex(body, i + 1, 8)));
                    i += 8;
                    break;
                case >= '0' and <= '7':
                    if (i + 2 >= body.Length) throw new FormatException("invalid syntax");
                    sb.Append((char)Convert.ToInt32(body.Slice(i, 3).ToString(), 8));
                    i += 2;
                    break;
                default:
                    throw new FormatException("invalid syntax");
            }
        }
        return sb.ToString();
    }

    private static int ParseHex(ReadOnlySpan<char> s, int at, int length) =>
        at + length <= s.Length && int.TryParse(s.Slice(at, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException("invalid syntax");
}
