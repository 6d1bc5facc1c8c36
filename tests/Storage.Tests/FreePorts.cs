using System.Net;
using System.Net.Sockets;

namespace Coordination.Storage.Tests;

public static class FreePorts
{
    /// <summary>A loopback port that was free a moment ago (the OS hands out a fresh one each time).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
