using Microsoft.EntityFrameworkCore;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Tests;

public class MigrationsTests
{
    /// <summary>The model and the committed migrations agree: a model change without its migration fails here.</summary>
    [Fact]
    public void The_committed_migrations_match_the_model()
    {
        using var db = new RevenueDbContextFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> -o Infrastructure/Migrations");
    }
}
