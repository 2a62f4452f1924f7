using Hawser.Sandbox.Api;
using Hawser.Sandbox.Storage;
using Hawser.Sandbox.Writes;

namespace Hawser.Sandbox.Http;

/// <summary>What every handler needs: the store, the registry, the write and delete paths, the clock and the options.</summary>
internal sealed class ApiServices
{
    public ApiServices(IObjectStore store, ResourceRegistry registry, TimeProvider time, SandboxOptions options)
    {
        Store = store;
        Registry = registry;
        Time = time;
        Options = options;
        Writer = new ObjectWriter(store, registry, time);
        Deleter = new ObjectDeleter(Writer);
    }

    public IObjectStore Store { get; }
    public ResourceRegistry Registry { get; }
    public TimeProvider Time { get; }
    public SandboxOptions Options { get; }
    public ObjectWriter Writer { get; }
    public ObjectDeleter Deleter { get; }

    /// <summary>host:port for legacy discovery's serverAddressByClientCIDRs.</summary>
    public string ServerAddress { get; set; } = "127.0.0.1:0";
}
