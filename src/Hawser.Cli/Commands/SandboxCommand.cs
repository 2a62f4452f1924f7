using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Sandbox;

namespace Hawser.Cli.Commands;

/// <summary>
/// <c>hawser sandbox start|stop|status</c>: runs the local Kubernetes-API-compatible sandbox. <c>start</c> launches it in
/// the background (or in the foreground with <c>--foreground</c>) and prints the kubeconfig path; the running instance is
/// recorded in <c>sandbox.json</c> in the data directory (<c>--data-dir</c>, else <c>$HAWSER_SANDBOX_DIR</c>, else <c>$HAWSER_DATA_DIR/sandbox</c>, else <c>~/.hawser/sandbox</c>).
/// </summary>
internal static class SandboxCommand
{
    private const string StateFile = "sandbox.json";

    public static Command Create()
    {
        var command = new Command("sandbox", "Run the local Kubernetes-API-compatible sandbox (no nodes, no pods).");
        command.Subcommands.Add(Start());
        command.Subcommands.Add(Stop());
        command.Subcommands.Add(Status());
        return command;
    }

    private static Option<string?> DataDirOption() => new("--data-dir") { Description = "Data directory (objects, certificates, kubeconfig). Default: $HAWSER_SANDBOX_DIR, $HAWSER_DATA_DIR/sandbox or ~/.hawser/sandbox." };

    private static Command Start()
    {
        var dataDir = DataDirOption();
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 0 };
        var foreground = new Option<bool>("--foreground") { Description = "Run in this process until interrupted." };
        var faults = new SandboxFaultOptions();
        var command = new Command("start", "Start the sandbox and print its kubeconfig path. The --fault-* options inject API faults for reliability tests.")
            { dataDir, port, foreground };
        faults.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var directory = ResolveDataDir(parsed.GetValue(dataDir));
            var faultOptions = faults.Read(parsed);
            if (ReadState(directory) is { } running && IsAlive(running.Pid))
            {
                if (faultOptions.IsActive)
                {
                    await Console.Error.WriteLineAsync($"error: the sandbox of {directory} is already running (pid {running.Pid}) without these faults; stop it first");
                    return ExitCodes.Usage;
                }
                Console.WriteLine(running.Kubeconfig);
                return ExitCodes.Ok;
            }
            return parsed.GetValue(foreground)
                ? await RunForegroundAsync(directory, parsed.GetValue(port), faultOptions, cancellationToken)
                : await LaunchAsync(directory, parsed.GetValue(port), faults.Arguments(parsed), cancellationToken);
        });
        return command;
    }

    private static Command Stop()
    {
        var dataDir = DataDirOption();
        var command = new Command("stop", "Stop the sandbox started from this data directory.") { dataDir };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var directory = ResolveDataDir(parsed.GetValue(dataDir));
            if (ReadState(directory) is not { } state || !IsAlive(state.Pid))
            {
                Console.WriteLine("sandbox is not running");
                ForgetState(directory);
                return ExitCodes.Ok;
            }
            await TerminateAsync(state.Pid, cancellationToken);
            for (var i = 0; i < 100 && IsAlive(state.Pid); i++) await Task.Delay(100, cancellationToken);
            if (IsAlive(state.Pid))
            {
                await Console.Error.WriteLineAsync($"error: sandbox (pid {state.Pid}) did not stop within 10 s");
                return ExitCodes.Error;
            }
            ForgetState(directory);
            Console.WriteLine("sandbox stopped");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Status()
    {
        var dataDir = DataDirOption();
        var command = new Command("status", "Tell whether the sandbox is running and ready.") { dataDir };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var directory = ResolveDataDir(parsed.GetValue(dataDir));
            if (ReadState(directory) is not { } state || !IsAlive(state.Pid))
            {
                Console.WriteLine("sandbox is not running");
                return ExitCodes.Error;
            }
            var ready = await IsReadyAsync(state, directory, cancellationToken);
            Console.WriteLine(ready
                ? $"sandbox is running at {state.Server} (pid {state.Pid}); kubeconfig: {state.Kubeconfig}"
                : $"sandbox process {state.Pid} is up but {state.Server}/readyz does not answer");
            return ready ? ExitCodes.Ok : ExitCodes.Error;
        });
        return command;
    }

    private static async Task<int> RunForegroundAsync(string directory, int port, Sandbox.Faults.FaultOptions faults, CancellationToken cancellationToken)
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { DataDirectory = directory, Port = port, Faults = faults }, cancellationToken);
        var state = new SandboxState(Environment.ProcessId, server.BaseAddress.ToString().TrimEnd('/'), server.KubeconfigPath);
        await File.WriteAllTextAsync(Path.Combine(directory, StateFile), state.ToJson().ToJsonString(), cancellationToken);
        Console.WriteLine(server.KubeconfigPath);
        var stopped = new TaskCompletionSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopped.TrySetResult(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stopped.TrySetResult(); });
        await stopped.Task.WaitAsync(cancellationToken);
        ForgetState(directory);
        return ExitCodes.Ok;
    }

    private static async Task<int> LaunchAsync(string directory, int port, IReadOnlyList<string> faultArguments, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        ForgetState(directory);
        var start = new ProcessStartInfo { FileName = Environment.ProcessPath!, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, typeof(SandboxCommand).Assembly.GetName().Name + ".dll"));
        foreach (var arg in new[] { "sandbox", "start", "--foreground", "--data-dir", directory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        foreach (var arg in faultArguments) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the sandbox process");
        var log = Path.Combine(directory, "sandbox.log");
        _ = CopyAsync(process.StandardError, log);
        string? kubeconfig;
        try
        {
            kubeconfig = await process.StandardOutput.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (TimeoutException)
        {
            kubeconfig = null;
        }
        if (kubeconfig is null)
        {
            await Console.Error.WriteLineAsync($"error: the sandbox did not start within 30 s; see {log}");
            return ExitCodes.Error;
        }
        Console.WriteLine(kubeconfig);
        return ExitCodes.Ok;
    }

    private static async Task CopyAsync(StreamReader reader, string path)
    {
        await using var file = new StreamWriter(path, append: true);
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            await file.WriteLineAsync(line);
            await file.FlushAsync();
        }
    }

    private static async Task<bool> IsReadyAsync(SandboxState state, string directory, CancellationToken cancellationToken)
    {
        var caPath = Path.Combine(directory, "ca.crt");
        if (!File.Exists(caPath)) return false;
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(caPath, cancellationToken));
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, chain, _) =>
            {
                if (cert is null || chain is null) return false;
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(cert);
            },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(new Uri(state.Server + "/readyz"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static string ResolveDataDir(string? given)
    {
        if (!string.IsNullOrEmpty(given)) return Path.GetFullPath(given);
        var fromEnvironment = Environment.GetEnvironmentVariable("HAWSER_SANDBOX_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        var hawserData = Environment.GetEnvironmentVariable("HAWSER_DATA_DIR");
        if (!string.IsNullOrEmpty(hawserData)) return Path.Combine(Path.GetFullPath(hawserData), "sandbox");
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".hawser", "sandbox");
    }

    /// <summary>The kubeconfig of the sandbox running from <paramref name="dataDirectory"/> (default directory when null), or null when none runs.</summary>
    internal static string? RunningKubeconfig(string? dataDirectory) =>
        ReadState(ResolveDataDir(dataDirectory)) is { } state && IsAlive(state.Pid) ? state.Kubeconfig : null;

    // Removes the record of a running instance; a directory that never held one is fine.
    private static void ForgetState(string directory)
    {
        if (Directory.Exists(directory)) File.Delete(Path.Combine(directory, StateFile));
    }

    private static SandboxState? ReadState(string directory)
    {
        var path = Path.Combine(directory, StateFile);
        if (!File.Exists(path)) return null;
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
            if (json is null) return null;
            return new SandboxState(json["pid"]!.GetValue<int>(), json["server"]!.GetValue<string>(), json["kubeconfig"]!.GetValue<string>());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            return null;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Sends SIGTERM so the sandbox shuts down cleanly (Process.Kill would send SIGKILL).</summary>
    private static async Task TerminateAsync(int pid, CancellationToken cancellationToken)
    {
        using var kill = Process.Start("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(cancellationToken);
    }

    private sealed record SandboxState(int Pid, string Server, string Kubeconfig)
    {
        public JsonObject ToJson() => new() { ["pid"] = Pid, ["server"] = Server, ["kubeconfig"] = Kubeconfig };
    }
}
