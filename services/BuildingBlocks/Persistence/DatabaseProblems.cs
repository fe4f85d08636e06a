using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.BuildingBlocks.Errors;

namespace Platform.BuildingBlocks.Persistence;

/// <summary>What a service's PostgreSQL says, as problem details (registered by AddPlatformDbContext).</summary>
public sealed class DatabaseProblems : IExceptionProblems
{
    public ProblemDetails? TryMap(Exception exception) => exception switch
    {
        // A unique index is the last word under concurrency: two racing requests, one wins, the other is 409.
        _ when UniqueViolation(exception) is { } u => new ProblemDetails
        {
            Status = 409, Type = "/problems/conflict", Title = "The request conflicts with existing data.", Detail = $"Constraint {u.ConstraintName}.",
        },
        DbUpdateConcurrencyException => new ProblemDetails
        {
            Status = 412, Type = "/problems/stale-version", Title = "The resource changed while the request ran.",
        },
        // The database restarting, refusing connections or cancelling under load: nothing was committed.
        _ when TransientFailures.IsTransient(exception) => ProblemExceptionHandler.Unavailable("A service the request needs is briefly unavailable."),
        _ => null,
    };

    private static PostgresException? UniqueViolation(Exception exception) =>
        (exception as PostgresException ?? exception.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.UniqueViolation } u ? u : null;
}
