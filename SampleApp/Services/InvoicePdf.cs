using System.Globalization;
using System.Text;

namespace SampleApp.Services;

/// <summary>Writes a small, valid PDF 1.4 document of text lines (standard Helvetica font, one page per 45 lines).</summary>
public static class InvoicePdf
{
    public static byte[] Create(string title, IReadOnlyList<string> lines)
    {
        var pages = lines.Chunk(45).DefaultIfEmpty([]).ToList();
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "", // pages, filled below
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        };
        var kids = new List<int>();
        foreach (var page in pages)
        {
            var content = new StringBuilder();
            content.Append("BT /F1 18 Tf 50 790 Td (").Append(Escape(title)).Append(") Tj ET\n");
            var y = 750;
            foreach (var line in page)
            {
                content.Append(CultureInfo.InvariantCulture, $"BT /F1 11 Tf 50 {y} Td (").Append(Escape(line)).Append(") Tj ET\n");
                y -= 15;
            }

            var stream = content.ToString();
            objects.Add($"<< /Length {Encoding.ASCII.GetByteCount(stream)} >>\nstream\n{stream}endstream");
            var contentId = objects.Count;
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {contentId} 0 R >>");
            kids.Add(objects.Count);
        }

        objects[1] = $"<< /Type /Pages /Kids [{string.Join(" ", kids.Select(k => $"{k} 0 R"))}] /Count {kids.Count} >>";

        using var output = new MemoryStream();
        var offsets = new List<long>();
        Write(output, "%PDF-1.4\n");
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(output.Position);
            Write(output, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = output.Position;
        Write(output, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write(output, offset.ToString("D10", CultureInfo.InvariantCulture) + " 00000 n \n");
        }

        Write(output, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.ASCII.GetBytes(text));

    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '(' => "\\(",
                ')' => "\\)",
                _ when c < 32 || c > 126 => "?",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
