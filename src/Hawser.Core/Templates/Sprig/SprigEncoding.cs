using System.Security.Cryptography;
using System.Text;

namespace Hawser.Templates;

/// <summary>Sprig's encodings, hashes, AES and random bytes.</summary>
internal static class SprigEncoding
{
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static IEnumerable<GoFunction> All() =>
    [
        GoFunction.Fixed("b64enc", 1, c => Convert.ToBase64String(Encoding.UTF8.GetBytes(c.String(0)))),
        GoFunction.Fixed("b64dec", 1, c => Base64Decode(c.String(0))),
        GoFunction.Fixed("b32enc", 1, c => Base32Encode(Encoding.UTF8.GetBytes(c.String(0)))),
        GoFunction.Fixed("b32dec", 1, c => Base32Decode(c.String(0))),
        GoFunction.Fixed("sha1sum", 1, c => Hex(SHA1.HashData(Encoding.UTF8.GetBytes(c.String(0))))),
        GoFunction.Fixed("sha256sum", 1, c => Hex(SHA256.HashData(Encoding.UTF8.GetBytes(c.String(0))))),
        GoFunction.Fixed("sha512sum", 1, c => Hex(SHA512.HashData(Encoding.UTF8.GetBytes(c.String(0))))),
        GoFunction.Fixed("adler32sum", 1, c => Adler32(Encoding.UTF8.GetBytes(c.String(0))).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        GoFunction.Fixed("randBytes", 1, c => RandomBytes(c)),
        GoFunction.Fixed("encryptAES", 2, c => EncryptAes(c.String(0), c.String(1))),
        GoFunction.Fixed("decryptAES", 2, c => DecryptAes(c.String(0), c.String(1))),
    ];

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    /// <summary>Sprig returns the decoding error's text instead of failing.</summary>
    private static string Base64Decode(string s)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(s));
        }
        catch (FormatException)
        {
            return $"illegal base64 data at input byte {FirstBadBase64(s)}";
        }
    }

    private static int FirstBadBase64(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(s[i]) || s[i] is '+' or '/' or '=')) return i;
        }
        return s.Length - s.Length % 4;
    }

    private static string Base32Encode(byte[] data)
    {
        var sb = new StringBuilder((data.Length + 4) / 5 * 8);
        for (var i = 0; i < data.Length; i += 5)
        {
            var chunk = new byte[5];
            var n = Math.Min(5, data.Length - i);
            Array.Copy(data, i, chunk, 0, n);
            ulong bits = 0;
            foreach (var b in chunk) bits = (bits << 8) | b;
            var chars = n switch { 1 => 2, 2 => 4, 3 => 5, 4 => 7, _ => 8 };
            for (var k = 0; k < 8; k++)
                sb.Append(k < chars ? Base32Alphabet[(int)((bits >> (35 - k * 5)) & 31)] : '=');
        }
        return sb.ToString();
    }

    private static string Base32Decode(string s)
    {
        var bytes = new List<byte>();
        var text = s.TrimEnd('=');
        var buffer = 0;
        var bits = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var value = Base32Alphabet.IndexOf(text[i], StringComparison.Ordinal);
            if (value < 0) return $"illegal base32 data at input byte {i}";
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits < 8) continue;
            bits -= 8;
            bytes.Add((byte)(buffer >> bits));
            buffer &= (1 << bits) - 1;
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static uint Adler32(byte[] data)
    {
        uint a = 1, b = 0;
        foreach (var d in data)
        {
            a = (a + d) % 65521;
            b = (b + a) % 65521;
        }
        return (b << 16) | a;
    }

    private static string RandomBytes(FunctionCall c)
    {
        var count = c.Int(0);
        c.Context.CheckLength(count * 2);
        return count <= 0 ? "" : Convert.ToBase64String(RandomNumberGenerator.GetBytes((int)count));
    }

    private static byte[] Key(string password)
    {
        var key = new byte[32];
        var bytes = Encoding.UTF8.GetBytes(password);
        Array.Copy(bytes, key, Math.Min(bytes.Length, key.Length));
        return key;
    }

    /// <summary>AES-256-CBC with the password zero-padded to 32 bytes, a random IV before the ciphertext, PKCS#7, base64.</summary>
    private static string EncryptAes(string password, string plaintext)
    {
        using var aes = Aes.Create();
        aes.Key = Key(password);
        var iv = RandomNumberGenerator.GetBytes(16);
        var cipher = aes.EncryptCbc(Encoding.UTF8.GetBytes(plaintext), iv, PaddingMode.PKCS7);
        return Convert.ToBase64String([.. iv, .. cipher]);
    }

    private static string DecryptAes(string password, string encoded)
    {
        byte[] data;
        try
        {
            data = Convert.FromBase64String(encoded);
        }
        catch (FormatException e)
        {
            throw new TemplateFunctionException(e.Message);
        }
        if (data.Length < 16 || data.Length % 16 != 0) throw new TemplateFunctionException("ciphertext is not a multiple of the block size");
        using var aes = Aes.Create();
        aes.Key = Key(password);
        try
        {
            return Encoding.UTF8.GetString(aes.DecryptCbc(data.AsSpan(16), data.AsSpan(0, 16), PaddingMode.PKCS7));
        }
        catch (CryptographicException e)
        {
            throw new TemplateFunctionException(e.Message);
        }
    }
}
