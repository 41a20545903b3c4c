using System.Text;

namespace NnGen.Tests.Data;

public sealed class NpyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nngen-npy-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    /// <summary>How a test hands the bytes to the reader: they must all read the same.</summary>
    public enum Source { Seekable, ForwardOnly, File }

    public static TheoryData<Source> Sources => new(Enum.GetValues<Source>());

    private NpyArray Read(byte[] bytes, Source source)
    {
        switch (source)
        {
            case Source.Seekable:
                return Npy.Read(new MemoryStream(bytes));
            case Source.ForwardOnly:
                return Npy.Read(new ForwardOnlyStream(bytes));
            default:
                var path = PathOf($"{Guid.NewGuid():N}.npy");
                File.WriteAllBytes(path, bytes);
                return Npy.Read(path);
        }
    }

    private InvalidDataException ReadFails(byte[] bytes, Source source) =>
        Assert.Throws<InvalidDataException>(() => Read(bytes, source));

    private static byte[] Float32File(string shape, params float[] values) =>
        NpyBytes.File(NpyBytes.Header("<f4", shape), NpyBytes.Float32(values));

    // ---- Round trips --------------------------------------------------------------------------------------------

    public static TheoryData<int[]> Shapes => new([7], [2, 3], [3, 1, 2], [1, 1, 1]);

    /// <summary>value = a distinct number per position, so a transposition or an offset shows.</summary>
    private static double[] Pattern(int count) => [.. Enumerable.Range(0, count).Select(i => 100.0 * i - 37.0)];

    private static int Product(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float32_RoundTrips(int[] shape)
    {
        var values = Pattern(Product(shape)).Select(v => (float)v / 3f).ToArray();
        var path = PathOf("f4.npy");
        Npy.Write(path, values, shape);
        var npy = Npy.Read(path);
        Assert.Equal(NpyDataType.Float32, npy.DataType);
        Assert.Equal(shape, npy.Shape);
        Assert.Equal(values, npy.ToSingle());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float64_RoundTrips(int[] shape)
    {
        var values = Pattern(Product(shape)).Select(v => v / 3.0 + 1e-300).ToArray();
        var path = PathOf("f8.npy");
        Npy.Write(path, values, shape);
        var npy = Npy.Read(path);
        Assert.Equal(NpyDataType.Float64, npy.DataType);
        Assert.Equal(shape, npy.Shape);
        Assert.Equal(values, npy.ToDouble());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Int8_RoundTrips(int[] shape)
    {
        var values = Enumerable.Range(0, Product(shape)).Select(i => (sbyte)((i % 2 == 0 ? 1 : -1) * (i + 1))).ToArray();
        var path = PathOf("i1.npy");
        Npy.Write(path, values, shape);
        var npy = Npy.Read(path);
        Assert.Equal(NpyDataType.Int8, npy.DataType);
        Assert.Equal(shape, npy.Shape);
        Assert.Equal(values, npy.ToSByte());
        Assert.Equal(values.Select(v => (int)v), npy.ToInt32());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Int32_RoundTrips(int[] shape)
    {
        var values = Pattern(Product(shape)).Select(v => (int)v * 1_000_003).ToArray();
        var path = PathOf("i4.npy");
        Npy.Write(path, values, shape);
        var npy = Npy.Read(path);
        Assert.Equal(NpyDataType.Int32, npy.DataType);
        Assert.Equal(shape, npy.Shape);
        Assert.Equal(values, npy.ToInt32());
    }

    [Fact]
    public void ExtremeValues_RoundTripBitForBit()
    {
        float[] singles = [float.NaN, -0f, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, float.MaxValue];
        double[] doubles = [double.NaN, -0.0, double.Epsilon, double.MaxValue, Math.PI];
        sbyte[] bytes = [sbyte.MinValue, -1, 0, 1, sbyte.MaxValue];
        int[] ints = [int.MinValue, -1, 0, 1, int.MaxValue];
        Npy.Write(PathOf("f4.npy"), singles);
        Npy.Write(PathOf("f8.npy"), doubles);
        Npy.Write(PathOf("i1.npy"), bytes);
        Npy.Write(PathOf("i4.npy"), ints);

        Assert.Equal(singles.Select(BitConverter.SingleToInt32Bits), Npy.Read(PathOf("f4.npy")).ToSingle().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(doubles.Select(BitConverter.DoubleToInt64Bits), Npy.Read(PathOf("f8.npy")).ToDouble().Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(bytes, Npy.Read(PathOf("i1.npy")).ToSByte());
        Assert.Equal(ints, Npy.Read(PathOf("i4.npy")).ToInt32());
    }

    [Fact]
    public void NoShape_MeansOneDimension_AndZeroSizesAreAllowed()
    {
        Npy.Write(PathOf("a.npy"), [1.0, 2.0, 3.0]);
        Assert.Equal([3], Npy.Read(PathOf("a.npy")).Shape);

        Npy.Write(PathOf("empty.npy"), ReadOnlySpan<sbyte>.Empty, 0, 16, 16);
        var empty = Npy.Read(PathOf("empty.npy"));
        Assert.Equal([0, 16, 16], empty.Shape);
        Assert.Equal(0, empty.Count);
        Assert.Empty(empty.ToSByte());
    }

    // ---- The bytes on disk are NumPy's ---------------------------------------------------------------------------

    [Fact]
    public void WrittenFile_IsByteForByteWhatNumPy124Writes()
    {
        // np.save(f, np.arange(6, dtype='<f4').reshape(2, 3)) with NumPy 1.24.2 gives a 118-byte header ('v\x00'):
        // the dictionary, 21 − len("2") spaces of growth room, padding to a 64-byte boundary, then '\n'.
        Npy.Write(PathOf("numpy.npy"), [0f, 1f, 2f, 3f, 4f, 5f], 2, 3);
        var bytes = File.ReadAllBytes(PathOf("numpy.npy"));

        var dictionary = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        byte[] expectedHeader = [0x93, .. "NUMPY"u8, 1, 0, 118, 0, .. Encoding.ASCII.GetBytes(dictionary.PadRight(117)), (byte)'\n'];
        Assert.Equal(expectedHeader, bytes[..128]);
        Assert.Equal(NpyBytes.Float32(0f, 1f, 2f, 3f, 4f, 5f), bytes[128..]);
    }

    [Theory]
    [InlineData(new[] { 5 }, "(5,)")]
    [InlineData(new[] { 1000, 16, 16 }, "(1000, 16, 16)")]
    [InlineData(new[] { 123456789, 0 }, "(123456789, 0)")]
    public void Header_PrintsTheShapeAsAPythonTuple_AndAlignsTheDataTo64Bytes(int[] shape, string tuple)
    {
        Npy.Write(PathOf("s.npy"), new sbyte[Product(shape)], shape);
        var bytes = File.ReadAllBytes(PathOf("s.npy"));
        var headerLength = bytes[8] | bytes[9] << 8;
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);

        Assert.StartsWith($"{{'descr': '|i1', 'fortran_order': False, 'shape': {tuple}, }}", header);
        Assert.EndsWith(" \n", header);
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.Equal(10 + headerLength + Product(shape), bytes.Length);
    }

    // ---- Files built from the specification ----------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Sources))]
    public void Version1File_BuiltFromTheSpec_ReadsRight(Source source)
    {
        // (2, 3) float32, C order: row 0 is 1.5, -2.25, 3e-7; row 1 is 4, 5, 6.
        var npy = Read(Float32File("(2, 3)", 1.5f, -2.25f, 3e-7f, 4f, 5f, 6f), source);
        Assert.Equal(NpyDataType.Float32, npy.DataType);
        Assert.Equal([2, 3], npy.Shape);
        Assert.Equal(6, npy.Count);
        Assert.Equal([1.5f, -2.25f, 3e-7f, 4f, 5f, 6f], npy.ToSingle());
        Assert.Equal([0x00, 0x00, 0xC0, 0x3F], npy.RawBytes[..4].ToArray()); // 1.5f little-endian
        Assert.Equal("Float32 (2 × 3)", npy.ToString());
    }

    [Theory]
    [InlineData((byte)2)]
    [InlineData((byte)3)]
    public void Versions2And3_WithAFourByteHeaderLength_ReadRight(byte major)
    {
        var bytes = NpyBytes.File(NpyBytes.Header("<i4", "(2, 2)"), NpyBytes.Int32(1, -2, 3, int.MinValue), major);
        var npy = Read(bytes, Source.Seekable);
        Assert.Equal([2, 2], npy.Shape);
        Assert.Equal([1, -2, 3, int.MinValue], npy.ToInt32());
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }")] // NumPy
    [InlineData("{\"shape\": (3,), \"fortran_order\": False, \"descr\": \"<f8\"}")] // double quotes, any order, no trailing comma
    [InlineData("{ 'descr' : '<f8' ,\n 'fortran_order' : False , 'shape' : ( 3 , ) , }")] // whitespace anywhere
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (3L,), }")] // Python 2's long integers
    public void HeadersFromOtherWriters_AreRead(string header)
    {
        var npy = Read(NpyBytes.File(header, NpyBytes.Float64(0.5, -1, 1e300)), Source.Seekable);
        Assert.Equal(NpyDataType.Float64, npy.DataType);
        Assert.Equal([3], npy.Shape);
        Assert.Equal([0.5, -1, 1e300], npy.ToDouble());
    }

    [Fact]
    public void OldNumPy16ByteAlignment_IsRead()
    {
        var npy = Read(NpyBytes.File(NpyBytes.Header("|i1", "(4,)"), [1, 255, 0, 127], alignment: 16), Source.ForwardOnly);
        Assert.Equal([1, -1, 0, 127], npy.ToSByte());
    }

    [Fact]
    public void ZeroDimensionalArray_HoldsOneValue()
    {
        var npy = Read(NpyBytes.File(NpyBytes.Header("<f8", "()"), NpyBytes.Float64(42)), Source.Seekable);
        Assert.Empty(npy.Shape);
        Assert.Equal([42.0], npy.ToDouble());
    }

    // ---- Corrupt files ---------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Sources))]
    public void NotANpyFile_SaysSo_AndShowsTheBytes(Source source)
    {
        var error = ReadFails([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0, 0, 0], source);
        Assert.Contains("expected the magic string \\x93NUMPY", error.Message);
        Assert.Contains("found 0x50 0x4B 0x03 0x04 0x00 0x00", error.Message);
        Assert.Contains("not a .npy file", error.Message);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void ShortPreamble_SaysWhereTheDataEnds(Source source)
    {
        Assert.Contains("ends after 0 bytes", ReadFails([], source).Message);
        Assert.Contains("ends after 3 bytes", ReadFails([0x93, (byte)'N', (byte)'U'], source).Message);
        Assert.Contains("ends after 7 bytes", ReadFails([.. NpyBytes.Preamble(1, 0, 0)[..7]], source).Message);
        Assert.Contains("needs a 2-byte header length", ReadFails([.. NpyBytes.Preamble(1, 0, 0)[..9]], source).Message);
    }

    [Theory]
    [InlineData((byte)4, (byte)0, "4.0")]
    [InlineData((byte)1, (byte)1, "1.1")]
    [InlineData((byte)0, (byte)0, "0.0")]
    public void UnknownVersion_NamesItAndTheKnownOnes(byte major, byte minor, string version)
    {
        var error = ReadFails(NpyBytes.File(NpyBytes.Header("<f4", "(1,)"), NpyBytes.Float32(1), major, minor), Source.Seekable);
        Assert.Contains($"unsupported .npy format version {version}", error.Message);
        Assert.Contains("1.0, 2.0 and 3.0", error.Message);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void HeaderLongerThanTheFile_IsTruncated(Source source)
    {
        byte[] bytes = [.. NpyBytes.Preamble(1, 0, 500), .. "{'descr': '<f4'"u8];
        var error = ReadFails(bytes, source);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("header length field says 500 bytes", error.Message);
        Assert.Matches("has only 15|ends after 15", error.Message);
    }

    [Fact]
    public void AbsurdHeaderLength_IsRefusedBeforeReading()
    {
        var error = ReadFails(NpyBytes.Preamble(2, 0, 0xFFFF_FFFF), Source.ForwardOnly);
        Assert.Contains("header length field says 4294967295 bytes", error.Message);
        Assert.Contains($"more than the {Npy.MaxHeaderLength}", error.Message);
    }

    [Theory]
    [InlineData("{'descr' '<f4', 'fortran_order': False, 'shape': (1,), }", "expected ':' after the key 'descr', found '''")]
    [InlineData("{'descr': '<f4, 'fortran_order': False, 'shape': (1,), }", "expected ',' or '}' after a value, found 'f'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), ", "ends in the middle of the dictionary")]
    [InlineData("'descr': '<f4', 'fortran_order': False, 'shape': (1,)", "expected a '{' opening the header dictionary")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } x", "only spaces and a newline after the closing '}'")]
    [InlineData("{'descr': '<f4', 'fortran_order': false, 'shape': (1,), }", "expected a string, True, False, an integer, a tuple or a list, found 'f'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1 2), }", "expected ',' or ')' in a tuple, found '2'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", "the integer 99999999999999999999 in the header is too large")]
    [InlineData("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", "the key 'descr' twice")]
    public void HeaderSyntaxErrors_SayWhereAndWhat(string header, string message)
    {
        var error = ReadFails(NpyBytes.File(header, NpyBytes.Float32(1)), Source.Seekable);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void SyntaxError_MessageQuotesTheHeaderAndThePosition()
    {
        var error = ReadFails(NpyBytes.File("{'descr' '<f4'}", NpyBytes.Float32(1)), Source.Seekable);
        Assert.Contains("at character 10", error.Message);
        Assert.Contains("The header was: \"{'descr' '<f4'}\"", error.Message);
    }

    [Theory]
    [InlineData("<f2", "unknown data type '<f2'")]
    [InlineData("<u4", "unknown data type '<u4'")]
    [InlineData("|b1", "unknown data type '|b1'")]
    [InlineData(">f4", "'>f4' is big-endian, which is not supported")]
    [InlineData(">f8", "'>f8' is big-endian, which is not supported")]
    public void UnsupportedDataTypes_AreNamed_WithTheSupportedOnes(string descr, string message)
    {
        var error = ReadFails(NpyBytes.File(NpyBytes.Header(descr, "(1,)"), new byte[8]), Source.Seekable);
        Assert.Contains(message, error.Message);
        Assert.Contains("'<f4' (float32), '<f8' (float64), '|i1' (int8) and '<i4' (int32)", error.Message);
    }

    [Fact]
    public void StructuredDataType_IsRefusedAsSuch()
    {
        var header = "{'descr': [('x', '<f4'), ('y', '<i4')], 'fortran_order': False, 'shape': (1,), }";
        var error = ReadFails(NpyBytes.File(header, new byte[8]), Source.Seekable);
        Assert.Contains("'descr' is a list of fields (a structured dtype)", error.Message);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, }", "no 'shape' key")]
    [InlineData("{'descr': '<f4', 'shape': (1,), }", "no 'fortran_order' key")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1, }", "unexpected key 'extra'")]
    public void WrongKeys_AreNamed(string header, string message)
    {
        var error = ReadFails(NpyBytes.File(header, NpyBytes.Float32(1)), Source.Seekable);
        Assert.Contains(message, error.Message);
        Assert.Contains("exactly the keys 'descr', 'fortran_order' and 'shape'", error.Message);
    }

    [Fact]
    public void FortranOrder_IsNotSupported_AndTheMessageSaysHowToFixIt()
    {
        var header = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }";
        var error = ReadFails(NpyBytes.File(header, NpyBytes.Float32(1, 2, 3, 4)), Source.Seekable);
        Assert.Contains("Fortran (column-major) order", error.Message);
        Assert.Contains("not supported", error.Message);
        Assert.Contains("np.ascontiguousarray", error.Message);
    }

    [Theory]
    [InlineData("'fortran_order': 0, 'shape': (1,)", "'fortran_order' must be True or False, found 0")]
    [InlineData("'fortran_order': False, 'shape': 1", "'shape' must be a tuple of integers such as (3, 16, 16) or (5,), found 1")]
    [InlineData("'fortran_order': False, 'shape': (1)", "'shape' must be a tuple of integers such as (3, 16, 16) or (5,), found 1")]
    [InlineData("'fortran_order': False, 'shape': [1]", "'shape' must be a tuple of integers such as (3, 16, 16) or (5,), found [1]")]
    [InlineData("'fortran_order': False, 'shape': (2, -1)", "dimension 2 of the shape (2, -1) has size -1")]
    [InlineData("'fortran_order': False, 'shape': (2, 4294967296)", "dimension 2 of the shape (2, 4294967296) has size 4294967296")]
    [InlineData("'fortran_order': False, 'shape': (2, '1')", "dimension 2 of the shape (2, '1') is '1', not an integer")]
    public void BadValues_AreNamed(string rest, string message)
    {
        var error = ReadFails(NpyBytes.File($"{{'descr': '<f4', {rest}}}", NpyBytes.Float32(1)), Source.Seekable);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void MoreThan64Dimensions_AreRefused()
    {
        var shape = $"({string.Join(", ", Enumerable.Repeat(1, 65))})";
        var error = ReadFails(NpyBytes.File(NpyBytes.Header("|i1", shape), [1]), Source.Seekable);
        Assert.Contains("65 dimensions; at most 64", error.Message);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void TruncatedData_SaysExpectedAndFoundBytes(Source source)
    {
        var error = ReadFails(Float32File("(2, 3)", 1, 2, 3, 4, 5), source);
        Assert.Contains("is truncated", error.Message);
        Assert.Contains("shape (2, 3) = 6 values of <f4 (4 bytes each), 24 data bytes after the 128-byte header", error.Message);
        Assert.Matches("found only 20|the data ends after 20", error.Message);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void TrailingBytes_AreAnError_SayingHowMany(Source source)
    {
        var bytes = NpyBytes.File(NpyBytes.Header("|i1", "(2, 2)"), [1, 2, 3, 4, 5, 6, 7]);
        var error = ReadFails(bytes, source);
        Assert.Contains("trailing bytes", error.Message);
        Assert.Contains("4 data bytes", error.Message);
        Assert.Matches("found 7, 3 more|3 more bytes follow", error.Message);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void HeaderClaiming2To40Values_InASmallFile_FailsClearly_WithoutAllocatingThem(Source source)
    {
        var bytes = Float32File("(1048576, 1048576)", 1, 2, 3);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = ReadFails(bytes, source);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("shape (1048576, 1048576) = 1099511627776 values of <f4", error.Message);
        Assert.Contains("4398046511104 data bytes", error.Message);
        Assert.Matches("found only 12|more than one array can hold", error.Message);
        Assert.True(allocated < 16 << 20, $"Reading a {bytes.Length}-byte file allocated {allocated} bytes.");
    }

    [Fact]
    public void HeaderClaimingAGigabyte_InAStreamOfUnknownLength_ReadsIncrementally_AndSaysWhereTheDataEnds()
    {
        // 2³⁰ bytes fit in one array, so only reading reveals that they are not there.
        var bytes = NpyBytes.File(NpyBytes.Header("|i1", "(1024, 1024, 1024)"), new byte[5000]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = ReadFails(bytes, Source.ForwardOnly);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("1073741824 data bytes", error.Message);
        Assert.Contains("the data ends after 5000", error.Message);
        Assert.True(allocated < 16 << 20, $"Reading a 5-kB stream allocated {allocated} bytes.");
    }

    [Fact]
    public void SixtyFourHugeDimensions_DoNotOverflow()
    {
        var shape = $"({string.Join(", ", Enumerable.Repeat(int.MaxValue, 64))})";
        var error = ReadFails(NpyBytes.File(NpyBytes.Header("<f8", shape), new byte[8]), Source.Seekable);
        Assert.Contains($"values of <f8", error.Message);
        Assert.Contains($"more than {long.MaxValue}", error.Message);
    }

    [Fact]
    public void FileErrors_NameTheFile()
    {
        var path = PathOf("bad.npy");
        File.WriteAllBytes(path, [1, 2, 3]);
        var error = Assert.Throws<InvalidDataException>(() => Npy.Read(path));
        Assert.Contains($".npy file '{path}'", error.Message);
    }

    // ---- Conversions -----------------------------------------------------------------------------------------------

    [Fact]
    public void IntegerConversions_OnFloats_SayToUseToSingle()
    {
        var npy = Read(Float32File("(1,)", 1), Source.Seekable);
        var error = Assert.Throws<InvalidOperationException>(() => npy.ToInt32());
        Assert.Contains("Float32", error.Message);
        Assert.Contains("ToSingle", error.Message);
        Assert.Throws<InvalidOperationException>(() => npy.ToSByte());
    }

    [Fact]
    public void ToSByte_OfInt32OutOfRange_NamesTheValue()
    {
        var npy = Read(NpyBytes.File(NpyBytes.Header("<i4", "(3,)"), NpyBytes.Int32(1, -128, 300)), Source.Seekable);
        var error = Assert.Throws<OverflowException>(() => npy.ToSByte());
        Assert.Contains("Value 2 is 300", error.Message);
    }

    // ---- Writing -------------------------------------------------------------------------------------------------

    [Fact]
    public void Write_ShapeThatDoesNotMatchTheData_SaysBothCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => Npy.Write(PathOf("x.npy"), new float[5], 2, 3));
        Assert.Contains("The shape 2 × 3 holds 6 values, but the data has 5", error.Message);
        var negative = Assert.Throws<ArgumentException>(() => Npy.Write(PathOf("x.npy"), new float[0], 2, -1));
        Assert.Contains("has size -1", negative.Message);
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public void Write_ReplacesAnExistingFile_AndLeavesNoTemporaryFile()
    {
        var path = PathOf("x.npy");
        Npy.Write(path, [1f, 2f]);
        Npy.Write(path, [3, 4, 5]);
        Assert.Equal([3, 4, 5], Npy.Read(path).ToInt32());
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void FailedWrite_LeavesTheOldFileIntact()
    {
        var path = PathOf("x.npy");
        Npy.Write(path, [1.0, 2.0]);
        Directory.CreateDirectory(PathOf("locked"));
        // A directory where the file should go: the rename fails after the data is written.
        Assert.ThrowsAny<IOException>(() => Npy.Write(PathOf("locked"), [9.0]));
        Assert.Equal([1.0, 2.0], Npy.Read(path).ToDouble());
        Assert.Equal([path], Directory.GetFiles(_directory));
    }
}
