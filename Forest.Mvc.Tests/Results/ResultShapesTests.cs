
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

/// <summary>Results written to a real response: misuse by the action's code becomes a clear 400, never a 500.</summary>
[TestFixture]
public sealed class ResultWritingTests
{
    private sealed class Helpers : Forest.Mvc.SmartActionsController<object>
    {
        public SmartActionResult Go(string url) => Redirect(url, "Moved");

        public SmartActionResult Hook(string url, string method) => Webhook(url, method);

        public SmartActionResult Download() => File([1, 2, 3], "a.bin");

        public SmartActionResult Panel(string html) => Html(html);
    }

    [Test]
    public async Task HtmlResult_IsSanitised()
    {
        var (status, body, _) = await WriteAsync(new Helpers().Panel("<p class=\"c-clr-1-4\" onclick=\"steal()\">Charged</p><script>alert(1)</script><a href=\"javascript:alert(1)\">x</a><img src=x onerror=alert(1)>"));

        Assert.That(status, Is.EqualTo(200));
        Assert.That(body, Does.Contain("<p class=\\\"c-clr-1-4\\\">Charged</p>"));
        Assert.That(body, Does.Not.Contain("script").And.Not.Contain("onclick").And.Not.Contain("javascript:").And.Not.Contain("onerror"));
    }

    private static async Task<(int Status, string Body, Microsoft.AspNetCore.Http.HttpResponse Response)> WriteAsync(SmartActionResult result)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        await result.ExecuteResultAsync(new Microsoft.AspNetCore.Mvc.ActionContext { HttpContext = context });
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync(), context.Response);
    }

    [Test]
    public async Task UnsafeRedirect_IsRefusedWithAnErrorNotification()
    {
        var (status, body, _) = await WriteAsync(new Helpers().Go("javascript:alert(document.cookie)"));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Does.StartWith("{\"error\":\"The action tried to redirect to an address that is neither a relative path nor an http/https URL"));
    }

    [Test]
    public async Task SafeRedirect_IsWrittenAsTheReferenceShape()
    {
        var (status, body, _) = await WriteAsync(new Helpers().Go("/companies/1"));

        Assert.That((status, body), Is.EqualTo((200, "{\"success\":\"Moved\",\"redirectTo\":\"/companies/1\"}")));
    }

    [TestCase("ftp://example.com", "POST")]
    [TestCase("https://example.com", "TRACE")]
    public async Task BadWebhook_IsRefused(string url, string method)
    {
        var (status, body, _) = await WriteAsync(new Helpers().Hook(url, method));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Does.Contain("webhook"));
    }

    [Test]
    public async Task File_OutsideAnActionCall_IsWrittenWithItsHeaders()
    {
        var (status, body, response) = await WriteAsync(new Helpers().Download());

        Assert.That(status, Is.EqualTo(200));
        Assert.That(body.Length, Is.EqualTo(3));
        Assert.That(response.Headers.ContentDisposition.ToString(), Is.EqualTo("attachment; filename=\"a.bin\""));
        Assert.That(response.Headers.AccessControlExposeHeaders.ToString(), Is.EqualTo("Content-Disposition"));
    }
}
