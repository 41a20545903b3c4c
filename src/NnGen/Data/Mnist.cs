using System.Numerics;

namespace NnGen;

/// <summary>
/// The MNIST handwritten digits (LeCun, Cortes &amp; Burges): 60 000 training and 10 000 test images of 28×28 gray
/// pixels with their digit, read from the four original IDX files (<see cref="Idx"/>), raw or gzip-compressed.
/// </summary>
/// <remarks>
/// The files are not part of NnGen: <c>scripts/fetch-mnist.sh</c> downloads them into <c>.data/mnist</c> at the
/// repository root and checks them, and <see cref="DefaultDirectory"/> finds that folder.
/// </remarks>
public static class Mnist
{
    /// <summary>The height and width of an image in pixels.</summary>
    public const int ImageSize = 28;

    /// <summary>The values in one input sample: 1 channel × 28 × 28 pixels, row by row.</summary>
    public const int InputLength = ImageSize * ImageSize;

    /// <summary>The number of classes, the digits 0 to 9.</summary>
    public const int Classes = 10;

    /// <summary>The environment variable that, when set, names the folder holding the MNIST files.</summary>
    public const string EnvironmentVariable = "NNGEN_MNIST";

    /// <summary>The folder, relative to the repository root, where <c>scripts/fetch-mnist.sh</c> puts the files.</summary>
    public const string RepositoryFolder = ".data/mnist";

    private const string FetchHint =
        "Run scripts/fetch-mnist.sh from the repository to download MNIST (about 11 MB) into .data/mnist, " +
        "or set " + EnvironmentVariable + " to a folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte, " +
        "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each may end in .gz).";

    private static readonly string[] DigitNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>
    /// Where the MNIST files are: the folder named by the environment variable <c>NNGEN_MNIST</c> when it is set,
    /// otherwise the first <c>.data/mnist</c> folder found in the current directory or a folder above it (then in
    /// the folder of the running program or above it), so that tests and samples find the repository's copy from
    /// anywhere inside the repository.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such folder; the message says to run <c>scripts/fetch-mnist.sh</c>.</exception>
    public static string DefaultDirectory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrEmpty(configured))
            {
                if (!Directory.Exists(configured))
                    throw new DirectoryNotFoundException($"{EnvironmentVariable} is set to '{configured}', but there is no such folder. {FetchHint}");
                return configured;
            }

            var current = Directory.GetCurrentDirectory();
            var found = FindAbove(current) ?? FindAbove(AppContext.BaseDirectory);
            return found ?? throw new DirectoryNotFoundException(
                $"Found no MNIST folder: {EnvironmentVariable} is not set, and there is no {RepositoryFolder} folder in '{current}' or any folder above it. {FetchHint}");
        }
    }

    /// <summary>Loads one split of MNIST from <see cref="DefaultDirectory"/>.</summary>
    /// <inheritdoc cref="Load{T}(string, MnistSplit, int?)"/>
    public static LabeledDataset<T> Load<T>(MnistSplit split, int? limit = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        Load<T>(DefaultDirectory, split, limit);

    /// <summary>
    /// Loads one split of MNIST: inputs are the pixels divided by 255, in [0, 1], 784 values per image (shape 1×28×28,
    /// row by row); targets are the one-hot digits; the labels are the digits.
    /// </summary>
    /// <param name="directory">The folder holding the IDX files, each named as in the original distribution, with or without <c>.gz</c>.</param>
    /// <param name="split">Training or test images.</param>
    /// <param name="limit">Keep only the first <paramref name="limit"/> images (all when there are fewer), &gt; 0; null keeps all.</param>
    /// <returns>The images, their one-hot targets, their digits, and the class names "0" to "9".</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A file is missing; the message names it and says how to get it.</exception>
    /// <exception cref="InvalidDataException">A file is not what MNIST holds (not IDX, not 28×28 bytes, counts that disagree, a label above 9).</exception>
    public static LabeledDataset<T> Load<T>(string directory, MnistSplit split, int? limit = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (limit is { } l) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(l, nameof(limit));
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"There is no MNIST folder '{directory}'. {FetchHint}");

        var prefix = split switch
        {
            MnistSplit.Train => "train",
            MnistSplit.Test => "t10k",
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Expected MnistSplit.Train or MnistSplit.Test."),
        };
        var imagesPath = Find(directory, $"{prefix}-images-idx3-ubyte");
        var labelsPath = Find(directory, $"{prefix}-labels-idx1-ubyte");
        var images = Idx.Read(imagesPath);
        var labels = Idx.Read(labelsPath);

        if (images.DataType != IdxDataType.UnsignedByte || images.Shape.Count != 3 || images.Shape[1] != ImageSize || images.Shape[2] != ImageSize)
        {
            throw new InvalidDataException(
                $"'{imagesPath}' should hold MNIST images, UnsignedByte of shape (n × {ImageSize} × {ImageSize}), but holds {images}.");
        }

        if (labels.DataType != IdxDataType.UnsignedByte || labels.Shape.Count != 1)
        {
            throw new InvalidDataException(
                $"'{labelsPath}' should hold MNIST labels, UnsignedByte of shape (n), but holds {labels}.");
        }

        if (images.Shape[0] != labels.Shape[0])
        {
            throw new InvalidDataException(
                $"The images and labels of MNIST's {split} split disagree: '{imagesPath}' holds {images.Shape[0]} images, '{labelsPath}' {labels.Shape[0]} labels.");
        }

        var count = Math.Min(images.Shape[0], limit ?? int.MaxValue);
        var digits = new int[count];
        var rawLabels = labels.RawBytes;
        for (var i = 0; i < count; i++)
        {
            digits[i] = rawLabels[i];
            if (digits[i] >= Classes)
                throw new InvalidDataException($"'{labelsPath}': label {i} is {digits[i]}; MNIST labels are the digits 0 to 9.");
        }

        // pixel / 255 for each of the 256 byte values, computed once in T, so every pixel gets the correctly rounded quotient.
        Span<T> scaled = stackalloc T[256];
        for (var b = 0; b < scaled.Length; b++) scaled[b] = T.CreateChecked(b) / T.CreateChecked(255);
        var pixels = images.RawBytes[..(count * InputLength)];
        var inputs = new T[pixels.Length];
        for (var i = 0; i < inputs.Length; i++) inputs[i] = scaled[pixels[i]];

        var dataset = Dataset<T>.FromLabels(inputs, InputLength, digits, Classes);
        return new LabeledDataset<T>(dataset, digits, DigitNames, []);
    }

    /// <summary>The path of <paramref name="name"/> in <paramref name="directory"/>, raw or with <c>.gz</c>.</summary>
    private static string Find(string directory, string name)
    {
        var raw = Path.Combine(directory, name);
        if (File.Exists(raw)) return raw;
        var gzip = raw + ".gz";
        if (File.Exists(gzip)) return gzip;
        throw new FileNotFoundException($"Found neither {name} nor {name}.gz in '{directory}'. {FetchHint}", raw);
    }

    /// <summary>The first <c>.data/mnist</c> folder in <paramref name="start"/> or a folder above it, or null.</summary>
    private static string? FindAbove(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, ".data", "mnist");
            if (Directory.Exists(candidate)) return candidate;
        }

        return null;
    }
}
