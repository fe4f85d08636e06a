using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Platform.BuildingBlocks.Persistence;

/// <summary>
/// A transaction that a handler begins, or joins when the request already runs in one: a request with an
/// Idempotency-Key runs inside the transaction that also stores its answer, so the handler's commit is left to it.
/// </summary>
public sealed class RequestTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction? _owned;

    private RequestTransaction(IDbContextTransaction? owned) => _owned = owned;

    public static async Task<RequestTransaction> BeginOrJoinAsync(DatabaseFacade database, CancellationToken ct) =>
        new(database.CurrentTransaction is null ? await database.BeginTransactionAsync(ct) : null);

    /// <summary>Commits a transaction this handler began; a joined one commits with the request that owns it.</summary>
    public Task CommitAsync(CancellationToken ct) => _owned?.CommitAsync(ct) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}

public static class RequestTransactionExtensions
{
    /// <inheritdoc cref="RequestTransaction"/>
    public static Task<RequestTransaction> BeginOrJoinTransactionAsync(this DatabaseFacade database, CancellationToken ct) =>
        RequestTransaction.BeginOrJoinAsync(database, ct);
}
