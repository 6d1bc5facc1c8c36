using System.Net;
using System.Net.Sockets;

namespace Coordination;

/// <summary>
/// Loopback ports for test hosts. They come from below Linux's ephemeral range (32768 and up), so an outgoing
/// connection of a parallel suite cannot take a port between the moment it is chosen and the moment a host
/// binds it; a process never hands out the same port twice.
/// </summary>
public static class FreePorts
{
    private const int First = 20_000;
    private const int Last = 32_000;
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        lock (Handed)
        {
            while (true)
            {
                var port = Random.Shared.Next(First, Last);
                if (Handed.Contains(port) || !IsFree(port))
                {
                    continue;
                }

                Handed.Add(port);
                return port;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
