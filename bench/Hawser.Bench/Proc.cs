using System.Globalization;

namespace Hawser.Bench;

/// <summary>What Linux's <c>/proc</c> says about a process: peak resident memory and CPU time.</summary>
internal static class Proc
{
    /// <summary>Peak resident set size (VmHWM) in KiB; 0 once the process is gone.</summary>
    public static long HighWaterMarkKiB(int pid) => StatusKiB(pid, "VmHWM:");

    /// <summary>Resident set size now (VmRSS) in KiB; 0 once the process is gone.</summary>
    public static long ResidentKiB(int pid) => StatusKiB(pid, "VmRSS:");

    private static long StatusKiB(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
                return long.Parse(new string(line.Where(char.IsAsciiDigit).ToArray()), CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
            // The process ended between the check and the read.
        }
        return 0;
    }

    /// <summary>User plus system CPU seconds used so far.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command name: state is field 3, utime field 14 and stime field 15 (1-based, in clock ticks of 1/100 s).
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
