namespace Platform.BuildingBlocks.Errors;

/// <summary>Collects per-field errors, then throws one 400 with all of them.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public ValidationErrors Check(bool ok, string field, string message) => ok ? this : Add(field, message);

    public void ThrowIfAny()
    {
        if (Any) throw new RequestValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}
