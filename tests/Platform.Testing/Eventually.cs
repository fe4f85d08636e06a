namespace Platform.Testing;

/// <summary>Waits for an eventually consistent outcome (events cross RabbitMQ), with a bound.</summary>
public static class Eventually
{
    /// <param name="between">Done after each miss, before the next probe: e.g. a fake clock moved on, so that jobs pausing on it run again.</param>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null, string? what = null, Action? between = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (value is not null) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what ?? "the outcome"}.");
            between?.Invoke();
            await Task.Delay(100);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> probe, TimeSpan? timeout = null, string? what = null, Action? between = null) =>
        await GetAsync<object>(async () => await probe() ? new object() : null, timeout, what, between);
}
