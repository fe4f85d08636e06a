using System.Net.Sockets;
using Npgsql;

namespace Platform.BuildingBlocks.Persistence;

/// <summary>Failures that say "not now" rather than "wrong": a retry of the same request can succeed.</summary>
public static class TransientFailures
{
    // PostgreSQL's own words for "not now": connection exceptions (class 08), shutting down or starting up (57P01-03),
    // too many connections (53300), serialization failure and deadlock (40001, 40P01), lock not available (55P03).
    private static readonly HashSet<string> TransientStates = ["57P01", "57P02", "57P03", "53300", "40001", "40P01", "55P03"];

    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal) || TransientStates.Contains(p.SqlState):
                    return true;
                case PostgresException:
                    return false; // any other server error is the request's or the code's
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                case TimeoutException:
                    return true;
                case NpgsqlException n when n.InnerException is IOException or EndOfStreamException:
                    return true; // the connection broke mid-command (a server restart)
            }
        }
        return false;
    }
}
