namespace Platform.BuildingBlocks.Errors;

/// <summary>
/// A broken rule that needs state, policy or reference data (README.md API conventions: 422 with
/// <c>type</c> <c>/problems/{code}</c>), or another status with a code: 403, 404, 409.
/// Thrown from domain or handlers; <see cref="ProblemExceptionHandler"/> turns it into problem details.
/// </summary>
public class ProblemException(int status, string code, string title, string? detail = null) : Exception(detail ?? title)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;

    public static ProblemException Rule(string code, string title, string? detail = null) => new(422, code, title, detail);
    public static ProblemException NotFound(string what) => new(404, "not-found", $"{what} not found.");
    public static ProblemException Forbidden(string detail) => new(403, "forbidden", "Forbidden.", detail);
    public static ProblemException Conflict(string code, string title, string? detail = null) => new(409, code, title, detail);
}

/// <summary>The request is wrong on its own (README.md API conventions: 400 with <c>errors</c> per field).</summary>
public sealed class RequestValidationException(IDictionary<string, string[]> errors)
    : Exception("The request is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}
