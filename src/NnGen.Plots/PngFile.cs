namespace NnGen;

/// <summary>
/// Argument checks and the atomic write shared by the figure writers: the PNG is written to a temporary file in the
/// target folder and then moved over <c>path</c>, so a reader never sees a half-written image and a failed render
/// leaves any previous image in place.
/// </summary>
internal static class PngFile
{
    /// <summary>Throws for a null or blank path or a size that is not positive.</summary>
    public static void CheckTarget(string path, int width, int height)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, $"The image width must be positive, got {width} pixels.");
        if (height <= 0) throw new ArgumentOutOfRangeException(nameof(height), height, $"The image height must be positive, got {height} pixels.");
    }

    /// <summary>Creates the folder of <paramref name="path"/> if missing, then writes <paramref name="png"/> there atomically.</summary>
    public static void WriteAtomically(string path, byte[] png)
    {
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(png);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            // Only still there when writing or moving failed.
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
