Console.WriteLine("Forest.Mvc.StoreDesign is the startup project of `dotnet ef` for the store's migrations; see README.md beside it.");
