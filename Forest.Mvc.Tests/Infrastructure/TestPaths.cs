namespace Forest.Mvc.Tests.Infrastructure;

/// <summary>Where the tests keep their files: memory (<c>/dev/shm</c>) where there is one, else the temporary folder.</summary>
public static class TestPaths
{
    /// <summary>
    /// The tests' SQLite files are written with a sync on every commit, as in production; on a memory file system a
    /// sync costs nothing, so the tests wait on the code under test, not on the disk.
    /// </summary>
    public static string Root { get; } = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

    /// <summary>
    /// Deletes <paramref name="folder"/> and what it holds; a file still open on a slow machine leaves it to the
    /// system's cleaning of its temporary folders.
    /// </summary>
    public static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // left for the system
        }
    }

    /// <summary>A new, empty folder of its own.</summary>
    public static string NewFolder()
    {
        var folder = Path.Combine(Root, "forest-mvc-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
