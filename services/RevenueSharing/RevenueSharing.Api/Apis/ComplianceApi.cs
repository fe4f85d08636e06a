using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Monetary;
using Platform.BuildingBlocks.Time;
using RevenueSharing.Api.Application;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Api.Apis;

/// <summary>The auditor's compliance rows: one per deal, as JSON or (Accept: text/csv) CSV.</summary>
public static class ComplianceApi
{
    public static IEndpointRouteBuilder MapComplianceApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit/compliance", GetCompliance).WithTags("Audit").RequireAuthorization(PlatformRoles.Auditor);
        return app;
    }

    public sealed record ComplianceRow(Guid DealId, string UniversityId, DateOnly ConcludedOn, int PolicyVersion, Money NetIncome,
        Money RewardDistributed, decimal? ShareOfNet, decimal Floor, int OverduePayouts, IReadOnlyList<string> Flags, bool Compliant);

    public sealed record Rows(IReadOnlyList<ComplianceRow> Items);

    /// <summary>Deals concluded from <c>from</c> to <c>to</c> (Asia/Shanghai dates, both included), of one university or all.</summary>
    public static async Task<IResult> GetCompliance(string? university, DateOnly? from, DateOnly? to, HttpContext http,
        RevenueDbContext db, TimeProvider clock, CancellationToken ct)
    {
        new ValidationErrors().Check(from is null || to is null || from <= to, "from", "from must not be after to.").ThrowIfAny();
        var accounts = db.Accounts.AsNoTracking();
        if (university is not null) accounts = accounts.Where(a => a.UniversityId == university);
        // Shanghai dates as instants, so that the database picks the deals: [00:00 of from, 00:00 of the day after to).
        // The first and last dates there are bound nothing (their instants would fall outside what an instant can hold).
        if (from is not null && from > DateOnly.MinValue) { var start = ShanghaiDate.StartOf(from.Value); accounts = accounts.Where(a => a.ConcludedAt >= start); }
        if (to is not null && to < DateOnly.MaxValue) { var end = ShanghaiDate.StartOf(to.Value.AddDays(1)); accounts = accounts.Where(a => a.ConcludedAt < end); }
        var chosen = await accounts.OrderBy(a => a.ConcludedAt).ThenBy(a => a.DealId).ToListAsync(ct);
        var views = await DealAccountViews.BuildManyAsync(db, chosen, clock.GetUtcNow(), ct);
        var rows = views.Select(view => new ComplianceRow(view.DealId, view.UniversityId, ShanghaiDate.Of(view.ConcludedAt), view.PolicyVersion,
            view.NetIncome, view.Distributed,
            view.NetIncome.Amount > 0 ? Math.Round(view.Distributed.Amount / view.NetIncome.Amount, 4, MidpointRounding.AwayFromZero) : null,
            view.Floor, view.OverduePayouts, view.Flags.Select(f => f.Code).Distinct().ToList(), view.Compliant)).ToList();
        return http.Request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true)
            ? Results.Text(Csv(rows), "text/csv", Encoding.UTF8)
            : TypedResults.Ok(new Rows(rows));
    }

    /// <summary>RFC 4180: comma-separated, CRLF, fields quoted when they hold a comma, quote or line break.</summary>
    private static string Csv(IEnumerable<ComplianceRow> rows)
    {
        var csv = new StringBuilder("deal_id,university_id,concluded_on,policy_version,net_income_cny,reward_distributed_cny,share_of_net,floor,overdue_payouts,flags,compliant\r\n");
        foreach (var r in rows)
        {
            string[] fields =
            [
                r.DealId.ToString(), r.UniversityId, r.ConcludedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.PolicyVersion.ToString(CultureInfo.InvariantCulture), r.NetIncome.AmountText, r.RewardDistributed.AmountText,
                r.ShareOfNet?.ToString(CultureInfo.InvariantCulture) ?? "", r.Floor.ToString(CultureInfo.InvariantCulture),
                r.OverduePayouts.ToString(CultureInfo.InvariantCulture), string.Join(";", r.Flags), r.Compliant ? "true" : "false",
            ];
            csv.Append(string.Join(',', fields.Select(Quote))).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Quote(string field)
    {
        field = Neutralised(field);
        return field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
    }

    /// <summary>
    /// CSV injection (OWASP): a field a spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage
    /// return) is prefixed with a single quote, so auditors opening the file see text, never a formula that runs. A
    /// negative amount ("-5.00") is a number, not a formula, and is left as it is.
    /// </summary>
    public static string Neutralised(string field) =>
        field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !decimal.TryParse(field, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
            ? "'" + field
            : field;
}
