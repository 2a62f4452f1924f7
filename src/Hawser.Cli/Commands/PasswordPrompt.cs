using System.Text;

namespace Hawser.Cli.Commands;

/// <summary>Asks for a secret on the terminal without echoing it; never reads one from a redirected standard input.</summary>
internal static class PasswordPrompt
{
    /// <summary>The value given, else one typed at the terminal.</summary>
    /// <exception cref="UsageException">No value was given and standard input is not a terminal; the message names <paramref name="option"/>.</exception>
    public static string Require(string? given, string prompt, string option)
    {
        if (given is not null) return given;
        if (Console.IsInputRedirected) throw new UsageException($"pass {option} (standard input is not a terminal to ask on)");
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0) text.Length--;
                continue;
            }
            if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return text.ToString();
    }

    /// <summary>The value given, else a line typed at the terminal (echoed).</summary>
    /// <exception cref="UsageException">No value was given and standard input is not a terminal.</exception>
    public static string RequireLine(string? given, string prompt, string option)
    {
        if (given is not null) return given;
        if (Console.IsInputRedirected) throw new UsageException($"pass {option} (standard input is not a terminal to ask on)");
        Console.Error.Write(prompt);
        return Console.ReadLine()?.Trim() ?? "";
    }
}
