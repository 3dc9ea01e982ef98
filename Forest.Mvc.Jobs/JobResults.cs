using Forest.Mvc.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Forest.Mvc.Jobs;

/// <summary>
/// Where a job's file result is kept: in the store (the default), or as a file named after the job in
/// <see cref="ForestJobOptions.ResultFolder"/> (relative to the content root), which every instance must share.
/// </summary>
internal sealed class JobResults(IOptions<ForestOptions> options, IHostEnvironment? environment = null)
{
    /// <summary>The folder of file results, or null when they are kept in the store.</summary>
    public string? Folder => options.Value.Jobs.ResultFolder is { Length: > 0 } folder
        ? Path.GetFullPath(folder, environment?.ContentRootPath ?? AppContext.BaseDirectory)
        : null;

    /// <summary>Keeps a file result: its bytes in the job row, or in the folder (then the row holds only its name).</summary>
    public async Task SaveAsync(StoredJob job, byte[] content, CancellationToken cancellationToken)
    {
        if (Folder is not { } folder)
        {
            job.ResultFile = content;
            return;
        }

        Directory.CreateDirectory(folder);
        var path = PathOf(folder, job.Id);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
        job.ResultFile = null;
    }

    /// <summary>The file result's bytes, or null when it is gone (purged, or the folder was emptied).</summary>
    public async Task<byte[]?> ReadAsync(StoredJob job, CancellationToken cancellationToken)
    {
        if (job.ResultFile is { } inStore)
        {
            return inStore;
        }

        return Folder is { } folder && File.Exists(PathOf(folder, job.Id))
            ? await File.ReadAllBytesAsync(PathOf(folder, job.Id), cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>Deletes the folder's file of a job whose result expired (the store's bytes are cleared by the sweeper).</summary>
    public void Delete(Guid jobId)
    {
        if (Folder is { } folder)
        {
            File.Delete(PathOf(folder, jobId));
        }
    }

    private static string PathOf(string folder, Guid jobId) => Path.Combine(folder, jobId.ToString("N") + ".result");
}
