using Forest.Mvc.Results;

namespace Forest.Mvc.Tests.Results;

/// <summary>URL and file-name rules of the results, which protect the user's browser.</summary>
[TestFixture]
public sealed class ResultShapesTests
{
    [TestCase("/companies/1", true, true)]
    [TestCase("https://example.com/track?n=1", true, true)]
    [TestCase("http://example.com", false, true)]
    [TestCase("//evil.example.com/x", true, false)]
    [TestCase("/\\evil.example.com", true, false)]
    [TestCase("javascript:alert(1)", true, false)]
    [TestCase("data:text/html,<script>", true, false)]
    [TestCase("ftp://example.com/file", true, false)]
    [TestCase("/companies/1", false, false)]
    [TestCase("https://example.com/\nSet-Cookie: x", true, false)]
    [TestCase("", true, false)]
    public void IsSafeUrl_AllowsRelativePathsAndHttpOnly(string url, bool allowRelative, bool expected)
    {
        Assert.That(SmartActionResult.IsSafeUrl(url, allowRelative), Is.EqualTo(expected));
    }

    [TestCase("invoice-2342.pdf", "attachment; filename=\"invoice-2342.pdf\"")]
    [TestCase("../../etc/passwd", "attachment; filename=\"_.._etc_passwd\"")]
    [TestCase("a\"b\r\nX-Injected: 1.txt", "attachment; filename=\"a_b__X-Injected_ 1.txt\"")]
    [TestCase("facture été.pdf", "attachment; filename=\"facture _t_.pdf\"; filename*=UTF-8''facture%20%C3%A9t%C3%A9.pdf")]
    [TestCase("...", "attachment; filename=\"file\"")]
    public void ContentDisposition_IsSafeForAnyFileName(string name, string expected)
    {
        Assert.That(FileActionResult.ContentDisposition(FileActionResult.SafeFileName(name)), Is.EqualTo(expected));
    }
}
