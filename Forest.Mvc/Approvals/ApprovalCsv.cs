using System.Text;
using System.Text.Json;
using Forest.Mvc.Storage;

namespace Forest.Mvc.Approvals;

/// <summary>
/// Approval history as CSV (RFC 4180). Cells that a spreadsheet would run as a formula (starting with
/// <c>= + - @</c>, tab or carriage return) are prefixed with a quote.
/// </summary>
internal static class ApprovalCsv
{
    private static readonly string[] Header =
        ["id", "status", "collection", "action", "record_ids", "values", "requester_email", "requester_name", "requested_at", "reviewer_email", "reviewed_at", "message", "result_status"];

    public static string Write(IEnumerable<StoredApproval> approvals)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', Header).Append("\r\n");
        foreach (var a in approvals)
        {
            string?[] cells =
            [
                a.Id.ToString(), a.Status, a.Collection, a.Action, string.Join(" ", JsonSerializer.Deserialize<string[]>(a.RecordIds)!), a.Values,
                a.RequesterEmail, a.RequesterName, ApprovalService.Iso(a.CreatedAt), a.ReviewerEmail, a.ReviewedAt is { } at ? ApprovalService.Iso(at) : "",
                a.ReviewMessage, a.ResultStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ];
            csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
        }

        return csv.ToString();
    }

    internal static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 || text.StartsWith('\'') ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
