namespace NnGen;

/// <summary>
/// Writes a file so that a reader, or a crash, never sees half of it: the bytes go to a temporary file in the same
/// directory, and <see cref="Commit"/> moves it over the destination in one rename. Disposing without committing
/// deletes the temporary file and leaves the destination as it was.
/// </summary>
/// <example>
/// <code>
/// using (var file = new AtomicFile(path))
/// {
///     file.Stream.Write(bytes);
///     file.Commit();
/// }
/// </code>
/// </example>
internal sealed class AtomicFile : IDisposable
{
    private readonly string _path;
    private readonly string _temporary;
    private FileStream? _stream;
    private bool _committed;

    /// <summary>Opens a new temporary file beside <paramref name="path"/>, named <c>.{file name}.{random}.tmp</c>.</summary>
    /// <param name="path">The file to write in the end; its directory must exist.</param>
    public AtomicFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(_path)
            ?? throw new ArgumentException($"'{path}' names a root directory, not a file.", nameof(path));
        _temporary = Path.Combine(directory, $".{Path.GetFileName(_path)}.{Guid.NewGuid():N}.tmp");
        _stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
    }

    /// <summary>Where the bytes go until <see cref="Commit"/>.</summary>
    public Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(AtomicFile));

    /// <summary>Flushes the temporary file to disk and renames it over the destination, replacing any file there.</summary>
    public void Commit()
    {
        var stream = _stream ?? throw new ObjectDisposedException(nameof(AtomicFile));
        stream.Flush(flushToDisk: true);
        stream.Dispose();
        _stream = null;
        File.Move(_temporary, _path, overwrite: true);
        _committed = true;
    }

    /// <summary>Closes the temporary file and, unless committed, deletes it.</summary>
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
        if (!_committed)
        {
            try
            {
                File.Delete(_temporary);
            }
            catch (IOException)
            {
                // The original error matters more than a leftover temporary file.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
