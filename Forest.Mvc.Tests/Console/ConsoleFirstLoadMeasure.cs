using System.Diagnostics;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Forest.Mvc.Tests.Console;

/// <summary>
/// Not a test: the figures of docs/console.md. The first load of the console in a fresh browser (no cache): from
/// opening it to the login form, then from "Log in" to the first table drawn, with the bytes transferred and the
/// requests made; then a reload. Run with <c>--filter "FullyQualifiedName~ConsoleFirstLoadMeasure"</c>.
/// </summary>
[TestFixture, Explicit("a measurement, for docs/console.md")]
public sealed class ConsoleFirstLoadMeasure : BrowserFixture
{
    [Test]
    public async Task Print()
    {
        var responses = new List<IResponse>();
        Page.Response += (_, response) => responses.Add(response);
        await Page.GotoAsync(BaseUrl + "/forest-admin/");
        await Page.GetByLabel("Email").WaitForAsync();
        var (loginBytes, loginRequests) = await SumAsync(responses);
        responses.Clear();

        await Page.GetByLabel("Email").FillAsync("admin@forest.demo");
        await Page.GetByLabel("Password").FillAsync("livedemo");
        var clock = Stopwatch.StartNew();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Page.Locator("#main table tbody tr").First.WaitForAsync();
        var toTable = clock.Elapsed.TotalMilliseconds;
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var (afterBytes, afterRequests) = await SumAsync(responses);
        responses.Clear();

        clock.Restart();
        await Page.ReloadAsync();
        await Page.Locator("#main table tbody tr").First.WaitForAsync();
        var reload = clock.Elapsed.TotalMilliseconds;
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var (reloadBytes, reloadRequests) = await SumAsync(responses);

        TestContext.Out.WriteLine($"MEASURE login page: {loginRequests} requests, {loginBytes / 1024.0:0.0} KB; login to first table: {toTable:0} ms, {afterRequests} requests, {afterBytes / 1024.0:0.0} KB; reload to table: {reload:0} ms, {reloadRequests} requests, {reloadBytes / 1024.0:0.0} KB");
    }

    private static async Task<(long Bytes, int Requests)> SumAsync(List<IResponse> responses)
    {
        long bytes = 0;
        foreach (var response in responses.ToList())
        {
            var sizes = await response.Request.SizesAsync();
            bytes += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
        }

        return (bytes, responses.Count);
    }
}
