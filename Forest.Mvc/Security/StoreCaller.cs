using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Forest.Mvc.Storage;

namespace Forest.Mvc.Security;

/// <summary>The signed-in user of a route that lives in the library's store, and the store (501 without one).</summary>
internal static class StoreCaller
{
    public static (ForestUser User, ForestStoreContext Store) Of(HttpContext http, string feature) =>
        (http.Features.Get<ForestUser>()!, http.RequestServices.GetRequiredService<IStoreAccess>().Require(feature));
}
