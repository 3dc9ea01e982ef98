using Forest.Mvc;

namespace SampleApp.Forms;

/// <summary>An upload: a CSV of transactions (<c>emitter_company_id,beneficiary_company_id,amount[,note]</c>).</summary>
public sealed class ImportTransactionsForm
{
    public const long MaxBytes = 1024 * 1024;

    [FormField("CSV file", Widget = "file picker", MaxFileBytes = MaxBytes,
        Description = "One transaction per line: emitter_company_id,beneficiary_company_id,amount[,note]. A header line is allowed.")]
    public ActionFile CsvFile { get; set; } = null!;
}
