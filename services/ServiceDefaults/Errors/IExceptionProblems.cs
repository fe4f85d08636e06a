using Microsoft.AspNetCore.Mvc;

namespace Platform.BuildingBlocks.Errors;

/// <summary>
/// Turns exceptions of a part the service adds (its database, say) into problem details, for
/// <see cref="ProblemExceptionHandler"/>; null when the exception is not one it knows. Registered in DI by that part,
/// so the defaults need no reference to it.
/// </summary>
public interface IExceptionProblems
{
    ProblemDetails? TryMap(Exception exception);
}
