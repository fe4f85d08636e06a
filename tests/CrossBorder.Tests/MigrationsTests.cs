using CrossBorder.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CrossBorder.Tests;

public class MigrationsTests
{
    /// <summary>The model and the committed migrations agree: a model change without its migration fails here.</summary>
    [Fact]
    public void The_committed_migrations_match_the_model()
    {
        using var db = new CrossBorderDbContextFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> -o Infrastructure/Migrations");
    }
}
