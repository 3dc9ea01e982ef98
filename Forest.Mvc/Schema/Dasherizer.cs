using System.Globalization;
using System.Text;

namespace Forest.Mvc.Schema;

/// <summary>
/// Turns an action name into its default route segment exactly like Forest's v1 agents do
/// (<c>parameterize</c>): "Mark as Live" → <c>mark-as-live</c>.
/// </summary>
internal static class Dasherizer
{
    public static string Dasherize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var ascii = Transliterate(name.Trim());

        // Each run of characters outside [A-Za-z0-9_-] becomes one '-'.
        var builder = new StringBuilder(ascii.Length);
        var inRun = false;
        foreach (var c in ascii)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-')
            {
                builder.Append(c);
                inRun = false;
            }
            else if (!inRun)
            {
                builder.Append('-');
                inRun = true;
            }
        }

        var text = builder.ToString();

        // Only the first run of two or more '-' is collapsed (the reference regex has no global flag).
        var start = text.IndexOf("--", StringComparison.Ordinal);
        if (start >= 0)
        {
            var end = start;
            while (end < text.Length && text[end] == '-')
            {
                end++;
            }

            text = string.Concat(text.AsSpan(0, start), "-", text.AsSpan(end));
        }

        // One leading '-' is removed, or else one trailing '-'.
        if (text.StartsWith('-'))
        {
            text = text[1..];
        }
        else if (text.EndsWith('-'))
        {
            text = text[..^1];
        }

        return text.ToLowerInvariant();
    }

    private static string Transliterate(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            builder.Append(c <= 127 ? c : '?');
        }

        return builder.ToString();
    }
}
