using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Forest.Mvc.Http;

/// <summary>
/// A JSON answer written with a <see cref="Utf8JsonWriter"/> into a buffer rented from the shared array pool, then
/// sent with its <c>Content-Length</c>: no growing copies of a fresh buffer per request, and nothing left for the
/// garbage collector. The writer runs when the result executes, so the error boundary still answers any exception
/// it throws (nothing is sent before it ends).
/// </summary>
internal sealed class PooledJsonResult(Action<Utf8JsonWriter> write, int sizeHint) : IResult
{
    private const string ContentType = "application/json; charset=utf-8";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var buffer = new PooledBufferWriter(sizeHint);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        httpContext.Response.ContentType = ContentType;
        httpContext.Response.ContentLength = buffer.WrittenCount;
        await httpContext.Response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>An <see cref="IBufferWriter{T}"/> over arrays of <see cref="ArrayPool{T}.Shared"/>, returned when disposed.</summary>
    private sealed class PooledBufferWriter(int initialSize) : IBufferWriter<byte>, IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialSize, 256));

        public int WrittenCount { get; private set; }

        public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, WrittenCount);

        public void Advance(int count)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            if (WrittenCount + count > _buffer.Length)
            {
                throw new InvalidOperationException("Advanced past the end of the buffer.");
            }

            WrittenCount += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.AsMemory(Reserve(sizeHint));

        public Span<byte> GetSpan(int sizeHint = 0) => _buffer.AsSpan(Reserve(sizeHint));

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        /// <summary>Makes room for <paramref name="sizeHint"/> bytes (at least one) and returns where they start.</summary>
        private int Reserve(int sizeHint)
        {
            var needed = WrittenCount + Math.Max(sizeHint, 1);
            if (needed > _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
                _buffer.AsSpan(0, WrittenCount).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            return WrittenCount;
        }
    }
}
