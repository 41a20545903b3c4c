using System.Numerics;

namespace NnGen.Tests.Data;

public sealed class IdxTests
{
    /// <summary>How a test hands the bytes to the reader: they must all read the same.</summary>
    public enum Source { SeekableRaw, SeekableGzip, ForwardOnlyRaw, ForwardOnlyGzip, FileRaw, FileGzip }

    public static TheoryData<Source> Sources => new(Enum.GetValues<Source>());

    private static IdxArray Read(byte[] raw, Source source)
    {
        var gzip = source is Source.SeekableGzip or Source.ForwardOnlyGzip or Source.FileGzip;
        var bytes = gzip ? IdxBytes.Gzip(raw) : raw;
        switch (source)
        {
            case Source.SeekableRaw or Source.SeekableGzip:
                return Idx.Read(new MemoryStream(bytes));
            case Source.ForwardOnlyRaw or Source.ForwardOnlyGzip:
                return Idx.Read(new ForwardOnlyStream(bytes));
            default:
                // No .gz in the name: gzip must be recognized by its magic bytes.
                var path = Path.Combine(Path.GetTempPath(), $"nngen-idx-{Guid.NewGuid():N}.idx");
                File.WriteAllBytes(path, bytes);
                try
                {
                    return Idx.Read(path);
                }
                finally
                {
                    File.Delete(path);
                }
        }
    }

    private static InvalidDataException ReadFails(byte[] raw, Source source) =>
        Assert.Throws<InvalidDataException>(() => Read(raw, source));

    [Theory]
    [MemberData(nameof(Sources))]
    public void UnsignedBytes1D_ReadBack(Source source)
    {
        var idx = Read(IdxBytes.UnsignedBytes([4], 7, 0, 128, 255), source);
        Assert.Equal(IdxDataType.UnsignedByte, idx.DataType);
        Assert.Equal([4], idx.Shape);
        Assert.Equal(4, idx.Count);
        Assert.Equal([7, 0, 128, 255], idx.ToInt32());
        Assert.Equal([7f, 0f, 128f, 255f], idx.ToSingle());
        Assert.Equal([7, 0, 128, 255], idx.RawBytes.ToArray());
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void UnsignedBytes3D_ReadBackRowMajor(Source source)
    {
        // (2, 3, 2): value = 100·i + 10·j + k, so a wrong order shows.
        var values = new byte[12];
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 3; j++)
                for (var k = 0; k < 2; k++)
                    values[6 * i + 2 * j + k] = (byte)(100 * i + 10 * j + k);

        var idx = Read(IdxBytes.UnsignedBytes([2, 3, 2], values), source);
        Assert.Equal([2, 3, 2], idx.Shape);
        Assert.Equal(121, idx.ToInt32()[6 * 1 + 2 * 2 + 1]);
        Assert.Equal("UnsignedByte (2 × 3 × 2)", idx.ToString());
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Float32_2D_ReadBackBigEndian(Source source)
    {
        float[] values = [1.5f, -2.25f, 3.0e-7f, float.MaxValue, 0f, -0f];
        var idx = Read(IdxBytes.Float32([2, 3], values), source);
        Assert.Equal(IdxDataType.Float32, idx.DataType);
        Assert.Equal([2, 3], idx.Shape);
        Assert.Equal(values, idx.ToSingle());
        Assert.Equal(values.Select(v => (double)v), idx.ToDouble());
        // Big-endian on disk: 1.5f is 0x3FC00000.
        Assert.Equal([0x3F, 0xC0, 0x00, 0x00], idx.RawBytes[..4].ToArray());
    }

    [Fact]
    public void EveryOtherType_ReadsItsBigEndianValues()
    {
        Assert.Equal([-128, -1, 127], Idx.Read(new MemoryStream(IdxBytes.File(0x09, [3], [0x80, 0xFF, 0x7F]))).ToInt32());
        Assert.Equal([-2, 258], Idx.Read(new MemoryStream(IdxBytes.File(0x0B, [2], [0xFF, 0xFE, 0x01, 0x02]))).ToInt32());
        Assert.Equal([-2, 16909060], Idx.Read(new MemoryStream(IdxBytes.File(0x0C, [2], [0xFF, 0xFF, 0xFF, 0xFE, 0x01, 0x02, 0x03, 0x04]))).ToInt32());
        // 1.0 is 0x3FF0000000000000; -0.5 is 0xBFE0000000000000.
        var doubles = Idx.Read(new MemoryStream(IdxBytes.File(0x0E, [1, 2], [0x3F, 0xF0, 0, 0, 0, 0, 0, 0, 0xBF, 0xE0, 0, 0, 0, 0, 0, 0])));
        Assert.Equal(IdxDataType.Float64, doubles.DataType);
        Assert.Equal([1.0, -0.5], doubles.ToDouble());
    }

    [Fact]
    public void FourDimensions_AreRead()
    {
        var idx = Idx.Read(new MemoryStream(IdxBytes.UnsignedBytes([1, 2, 1, 3], 1, 2, 3, 4, 5, 6)));
        Assert.Equal([1, 2, 1, 3], idx.Shape);
        Assert.Equal(6, idx.Count);
    }

    [Fact]
    public void StreamPositionedAfterOtherData_ReadsFromThere()
    {
        var stream = new MemoryStream([0xAA, 0xBB, .. IdxBytes.UnsignedBytes([2], 3, 4)]) { Position = 2 };
        Assert.Equal([3, 4], Idx.Read(stream).ToInt32());
    }

    [Fact]
    public void ToInt32_OnFloats_SaysToUseToSingle()
    {
        var idx = Idx.Read(new MemoryStream(IdxBytes.Float32([1], 1.5f)));
        var error = Assert.Throws<InvalidOperationException>(() => idx.ToInt32());
        Assert.Contains("Float32", error.Message);
        Assert.Contains("ToSingle", error.Message);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void BadMagic_SaysNotAnIdxFile(Source source)
    {
        byte[] raw = [0x50, 0x4B, 0x08, 0x01, 0, 0, 0, 1, 9];
        var error = ReadFails(raw, source);
        Assert.Contains("0x00 0x00", error.Message);
        Assert.Contains("found 0x50 0x4B", error.Message);
        Assert.Contains("not an IDX file", error.Message);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void UnknownType_NamesTheCodeAndTheKnownOnes(Source source)
    {
        var error = ReadFails(IdxBytes.File(0x0A, [1], [9]), source);
        Assert.Contains("unknown IDX data type 0x0A", error.Message);
        Assert.Contains("0x08 (unsigned byte)", error.Message);
        Assert.Contains("0x0E (float64)", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(255)]
    public void DimensionCountOutsideOneToFour_SaysWhatCame(int dimensions)
    {
        byte[] raw = [0, 0, 0x08, (byte)dimensions, .. new byte[64]];
        var error = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(raw)));
        Assert.Contains($"declares {dimensions} dimensions; expected 1 to 4", error.Message);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void ZeroDimension_NamesWhichOne(Source source)
    {
        var error = ReadFails(IdxBytes.UnsignedBytes([3, 0, 2]), source);
        Assert.Contains("dimension 2 of 3 has size 0", error.Message);
        Assert.Contains("at least 1", error.Message);
    }

    [Fact]
    public void NegativeDimension_NamesItsValue()
    {
        var error = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(IdxBytes.UnsignedBytes([-1], 1))));
        Assert.Contains("dimension 1 of 1 has size -1", error.Message);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void EmptyOrShortMagic_SaysWhereTheDataEnds(Source source)
    {
        Assert.Contains("ends after 0 bytes", ReadFails([], source).Message);
        Assert.Contains("ends after 3 bytes", ReadFails([0, 0, 8], source).Message);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void TruncatedHeader_SaysHowManyBytesOfSizesCame(Source source)
    {
        var error = ReadFails([0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0], source);
        Assert.Contains("header is truncated", error.Message);
        Assert.Contains("3 dimensions need 12 bytes", error.Message);
        Assert.Contains("ends after 6", error.Message);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void TruncatedData_SaysExpectedAndFoundBytes(Source source)
    {
        // (2, 3) float32 = 24 data bytes; only 10 follow the header.
        var raw = IdxBytes.File(0x0D, [2, 3], new byte[10]);
        var error = ReadFails(raw, source);
        Assert.Contains("is truncated", error.Message);
        Assert.Contains("2 × 3 = 6 values of Float32 (4 bytes each), 24 data bytes after the 12-byte header", error.Message);
        Assert.Matches("found only 10|ends after 10", error.Message);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void TrailingBytes_AreAnError_SayingHowMany(Source source)
    {
        var raw = IdxBytes.UnsignedBytes([2, 2], 1, 2, 3, 4, 5, 6, 7);
        var error = ReadFails(raw, source);
        Assert.Contains("trailing bytes", error.Message);
        Assert.Contains("4 data bytes", error.Message);
        Assert.Matches("found 7, 3 more|3 more bytes follow", error.Message);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void HeaderClaiming2To31Values_In100ByteFile_FailsClearly_WithoutAllocatingThem(Source source)
    {
        // 32768 × 65536 = 2³¹ unsigned bytes declared; the whole file is 100 bytes.
        var raw = IdxBytes.File(0x08, [32768, 65536], new byte[88]);
        Assert.Equal(100, raw.Length);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = ReadFails(raw, source);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("32768 × 65536 = 2147483648 values of UnsignedByte", error.Message);
        Assert.Matches("found only 88|more than one array can hold", error.Message);
        Assert.True(allocated < 16 << 20, $"Reading a 100-byte file allocated {allocated} bytes.");
    }

    [Theory]
    [InlineData(Source.SeekableGzip)]
    [InlineData(Source.ForwardOnlyRaw)]
    [InlineData(Source.ForwardOnlyGzip)]
    [InlineData(Source.FileGzip)]
    public void HeaderClaimingAGigabyte_InAStreamOfUnknownLength_ReadsIncrementally_AndSaysWhereTheDataEnds(Source source)
    {
        // 2³⁰ bytes fit in one array, so only reading reveals that they are not there.
        var raw = IdxBytes.File(0x08, [1024, 1024, 1024], new byte[5000]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = ReadFails(raw, source);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("1073741824 data bytes", error.Message);
        Assert.Contains("the data ends after 5000", error.Message);
        Assert.True(allocated < 16 << 20, $"Reading a 5-kB stream allocated {allocated} bytes.");
    }

    [Theory]
    [InlineData(Source.SeekableRaw)]
    [InlineData(Source.ForwardOnlyGzip)]
    public void FourHugeDimensions_DoNotOverflow_TheMessageHasTheTrueProduct(Source source)
    {
        const int max = int.MaxValue;
        var error = ReadFails(IdxBytes.File(0x0E, [max, max, max, max], new byte[8]), source);
        var product = (BigInteger)max * max * max * max;
        Assert.Contains($"= {product} values of Float64", error.Message);
        Assert.Contains($"{product * 8} data bytes", error.Message);
    }

    [Fact]
    public void CorruptGzip_IsReportedAsInvalidData()
    {
        var gzip = IdxBytes.Gzip(IdxBytes.UnsignedBytes([300], new byte[300]));
        for (var i = 10; i < gzip.Length - 8; i++) gzip[i] ^= 0x5A;
        var error = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(gzip)));
        Assert.Contains("IDX stream (gzip)", error.Message);
    }

    [Fact]
    public void MissingFile_ThrowsFileNotFound()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nngen-missing-{Guid.NewGuid():N}");
        Assert.Throws<FileNotFoundException>(() => Idx.Read(path));
    }

    [Fact]
    public void ErrorsFromAFile_NameThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nngen-idx-{Guid.NewGuid():N}.gz");
        File.WriteAllBytes(path, IdxBytes.UnsignedBytes([3], 1)); // raw bytes, though the name says gzip
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
            Assert.Contains(path, error.Message);
            Assert.Contains("truncated", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
