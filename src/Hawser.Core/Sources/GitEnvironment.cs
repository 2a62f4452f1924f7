namespace Hawser.Sources;

/// <summary>
/// The environment one git run gets for one set of credentials. Secrets travel only here: the HTTPS password in an
/// environment variable read by the askpass helper, the SSH key and a TLS client certificate's key in 0600 temp files
/// deleted on dispose.
/// Prompts are disabled so a missing credential fails instead of hanging.
/// </summary>
internal sealed class GitEnvironment : IDisposable
{
    /// <summary>The variables the askpass helper reads.</summary>
    public const string UsernameVariable = "HAWSER_GIT_USERNAME";
    public const string PasswordVariable = "HAWSER_GIT_PASSWORD";

    private const string AskPassScript = """
        #!/bin/sh
        # Hawser's git askpass helper: answers git's prompts from the environment, never from arguments.
        case "$1" in
          Username*) printf '%s\n' "$HAWSER_GIT_USERNAME" ;;
          *) printf '%s\n' "$HAWSER_GIT_PASSWORD" ;;
        esac

        """;

    private readonly string? _keyDirectory;

    private GitEnvironment(IReadOnlyDictionary<string, string?> variables, string? keyDirectory, string? keyFile)
    {
        Variables = variables;
        _keyDirectory = keyDirectory;
        KeyFile = keyFile;
    }

    /// <summary>The variables to add to (or, when null, remove from) git's environment.</summary>
    public IReadOnlyDictionary<string, string?> Variables { get; }

    /// <summary>The SSH key file while this environment lives; null without an SSH key.</summary>
    public string? KeyFile { get; }

    /// <summary>Builds the environment; writes the askpass helper into <paramref name="cacheDirectory"/> once.</summary>
    public static GitEnvironment Create(RepositoryCredentials? credentials, string cacheDirectory, string? knownHostsFile)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GCM_INTERACTIVE"] = "never",
            ["LC_ALL"] = "C",
            ["LANGUAGE"] = null,
            ["GIT_ASKPASS"] = null,
            ["SSH_ASKPASS"] = null,
            [UsernameVariable] = null,
            [PasswordVariable] = null,
            ["GIT_SSL_NO_VERIFY"] = credentials?.InsecureSkipTlsVerify == true ? "true" : null,
            ["GIT_SSL_CERT"] = null,
            ["GIT_SSL_KEY"] = null,
        };

        if (credentials?.Password is { Length: > 0 } password)
        {
            variables["GIT_ASKPASS"] = EnsureAskPassHelper(cacheDirectory);
            variables[UsernameVariable] = string.IsNullOrEmpty(credentials.Username) ? "git" : credentials.Username;
            variables[PasswordVariable] = password;
        }

        var hostKeys = credentials?.InsecureIgnoreHostKey == true
            ? "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
            : knownHostsFile is null
                ? $"-o StrictHostKeyChecking=accept-new -o UserKnownHostsFile={Quote(Path.Combine(cacheDirectory, "known_hosts"))}"
                : $"-o StrictHostKeyChecking=yes -o UserKnownHostsFile={Quote(knownHostsFile)}";
        string? keyDirectory = null;
        string? keyFile = null;
        var identity = "";
        if (credentials?.SshPrivateKey is { Length: > 0 } key)
        {
            keyDirectory ??= PrivateDirectory();
            keyFile = WritePrivate(keyDirectory, "id", key);
            identity = $" -i {Quote(keyFile)} -o IdentitiesOnly=yes";
        }
        if (credentials is { TlsClientCertificate: { Length: > 0 } certificate, TlsClientKey: { Length: > 0 } certificateKey })
        {
            keyDirectory ??= PrivateDirectory();
            variables["GIT_SSL_CERT"] = WritePrivate(keyDirectory, "client.crt", certificate);
            variables["GIT_SSL_KEY"] = WritePrivate(keyDirectory, "client.key", certificateKey);
        }
        variables["GIT_SSH_COMMAND"] = $"ssh -o BatchMode=yes {hostKeys}{identity}";
        return new GitEnvironment(variables, keyDirectory, keyFile);
    }

    /// <summary>Deletes the temp SSH key.</summary>
    public void Dispose()
    {
        if (_keyDirectory is not null) AtomicDirectory.TryDelete(_keyDirectory);
    }

    private static string PrivateDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"hawser-ssh-{Guid.NewGuid():N}");
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return directory;
    }

    private static string WritePrivate(string directory, string name, string content)
    {
        var path = Path.Combine(directory, name);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, fileOptions);
        using var writer = new StreamWriter(stream);
        writer.Write(content.ReplaceLineEndings("\n").TrimEnd('\n') + "\n");
        return path;
    }

    private static string EnsureAskPassHelper(string cacheDirectory)
    {
        var path = Path.Combine(cacheDirectory, "askpass.sh");
        if (File.Exists(path)) return path;
        Directory.CreateDirectory(cacheDirectory);
        var staging = path + $".{Guid.NewGuid():N}";
        File.WriteAllText(staging, AskPassScript.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Move(staging, path, overwrite: true);
        return path;
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
