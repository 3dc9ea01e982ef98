using System.Text;
using System.Text.Json;
using Forest.Mvc.Storage;

namespace Forest.Mvc.Approvals;

/// <summary>
/// Approval history as CSV (RFC 4180), with the cells neutralised by <see cref="Records.Csv.Cell"/>.
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
                a.RequesterEmail, a.RequesterName, Errors.ForestJson.Iso(a.CreatedAt), a.ReviewerEmail, a.ReviewedAt is { } at ? Errors.ForestJson.Iso(at) : "",
                a.ReviewMessage, a.ResultStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ];
            csv.AppendJoin(',', cells.Select(Records.Csv.Cell)).Append("\r\n");
        }

        return csv.ToString();
    }
}
