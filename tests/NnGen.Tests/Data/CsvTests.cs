using System.Globalization;

namespace NnGen.Tests.Data;

public sealed class CsvTests
{
    private static CsvTable Read(string text, char separator = ',', bool hasHeader = true) =>
        Csv.Read(new StringReader(text), separator, hasHeader);

    private static string[][] Cells(CsvTable table) => table.Rows.Select(row => row.ToArray()).ToArray();

    [Fact]
    public void HeaderAndRows_AreSplitAtSeparatorsAndLineBreaks()
    {
        var table = Read("x,y,label\n1,2,a\n3,4,b\n");
        Assert.Equal(["x", "y", "label"], table.Header);
        Assert.Equal(2, table.RowCount);
        Assert.Equal(3, table.ColumnCount);
        Assert.Equal([["1", "2", "a"], ["3", "4", "b"]], Cells(table));
        Assert.Equal("b", table[1, 2]);
        Assert.Equal(2, table.ColumnIndex("label"));
    }

    [Fact]
    public void CrLf_Lf_LoneCr_AndNoFinalLineBreak_ReadTheSame()
    {
        string[][] expected = [["1", "2"], ["3", "4"]];
        Assert.Equal(expected, Cells(Read("a,b\r\n1,2\r\n3,4\r\n")));
        Assert.Equal(expected, Cells(Read("a,b\n1,2\n3,4")));
        Assert.Equal(expected, Cells(Read("a,b\r1,2\r3,4\r")));
        Assert.Equal(expected, Cells(Read("a,b\r\n1,2\n3,4")));
    }

    [Fact]
    public void QuotedFields_HoldSeparatorsDoubledQuotesAndLineBreaks()
    {
        var table = Read("name,note,n\r\n\"Smith, J.\",\"said \"\"hi\"\"\r\nand left\",1\r\n\"\",\"\"\"\",2\r\n");
        Assert.Equal(2, table.RowCount);
        Assert.Equal("Smith, J.", table[0, 0]);
        Assert.Equal("said \"hi\"\r\nand left", table[0, 1]);
        Assert.Equal("", table[1, 0]);
        Assert.Equal("\"", table[1, 1]);
        // The first row spans lines 2 and 3, so the second starts on line 4.
        Assert.Equal(2, table.LineOf(0));
        Assert.Equal(4, table.LineOf(1));
    }

    [Fact]
    public void EmptyFields_AndATrailingSeparator_AreKept()
    {
        var table = Read("a,b,c\n,,\n1,,3\n4,5,\n");
        Assert.Equal([["", "", ""], ["1", "", "3"], ["4", "5", ""]], Cells(table));
    }

    [Fact]
    public void EmptyLines_AreSkipped_AndLineNumbersStillCountThem()
    {
        var table = Read("a,b\n\n1,2\r\n\r\n3,4\n\n");
        Assert.Equal([["1", "2"], ["3", "4"]], Cells(table));
        Assert.Equal(3, table.LineOf(0));
        Assert.Equal(5, table.LineOf(1));
    }

    [Fact]
    public void ByteOrderMark_IsNotPartOfTheFirstName()
    {
        Assert.Equal("a", Read("\uFEFFa,b\n1,2\n").Header[0]);
    }

    [Fact]
    public void WithoutHeader_TheFirstRowIsData_AndSetsTheColumnCount()
    {
        var table = Read("1;2;3\n4;5;6\n", separator: ';', hasHeader: false);
        Assert.Empty(table.Header);
        Assert.Equal(2, table.RowCount);
        Assert.Equal(3, table.ColumnCount);
        Assert.Equal(1, table.LineOf(0));
        var error = Assert.Throws<ArgumentException>(() => table.ColumnIndex("x"));
        Assert.Contains("without a header", error.Message);
    }

    [Fact]
    public void TabSeparated_IsRead()
    {
        Assert.Equal([["1.5", "a,b"]], Cells(Read("x\ty\n1.5\ta,b\n", separator: '\t')));
    }

    [Fact]
    public void RaggedRow_NamesTheRowTheLineAndBothCounts()
    {
        var error = Assert.Throws<InvalidDataException>(() => Read("a,b,c\n1,2,3\n4,5\n"));
        Assert.Contains("row 1 (line 3) has 2 fields", error.Message);
        Assert.Contains("the header (line 1) has 3", error.Message);

        error = Assert.Throws<InvalidDataException>(() => Read("1,2\n3,4,5\n", hasHeader: false));
        Assert.Contains("row 1 (line 2) has 3 fields", error.Message);
        Assert.Contains("the first row (line 1) has 2", error.Message);
    }

    [Fact]
    public void UnclosedQuote_NamesTheLineWhereItOpened()
    {
        var error = Assert.Throws<InvalidDataException>(() => Read("a,b\n1,\"two\n3,4\n"));
        Assert.Contains("field 1 opened on line 2 is never closed", error.Message);
    }

    [Fact]
    public void TextAfterAClosingQuote_IsAnError()
    {
        var error = Assert.Throws<InvalidDataException>(() => Read("a,b\n\"x\"y,2\n"));
        Assert.Contains("line 2", error.Message);
        Assert.Contains("goes on with 'y'", error.Message);
    }

    [Fact]
    public void EmptyTextWithAHeaderExpected_SaysSo()
    {
        Assert.Contains("is empty; expected a header", Assert.Throws<InvalidDataException>(() => Read("")).Message);
        var noHeader = Read("", hasHeader: false);
        Assert.Equal(0, noHeader.RowCount);
    }

    [Fact]
    public void HeaderOnly_GivesNoRows()
    {
        var table = Read("a,b\n");
        Assert.Equal(0, table.RowCount);
        Assert.Equal(2, table.ColumnCount);
        Assert.Empty(table.ParseColumns<double>(0, 1));
    }

    [Fact]
    public void ParseColumns_IsRowMajorInTheGivenColumnOrder()
    {
        var table = Read("a,b,c\n1,2,3\n4,5,6\n");
        Assert.Equal([3.0, 1.0, 6.0, 4.0], table.ParseColumns<double>(2, 0));
        Assert.Equal([2f, 5f], table.ParseColumn<float>(1));
        Assert.Equal([1, 4], table.ParseColumn<int>(0));
    }

    [Fact]
    public void Numbers_AreCultureInvariant_WithExponentsAndSpaces()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE"); // where "1.5" would mean fifteen
            var table = Read("x\n1.5\n-2.5e-3\n 7 \n1E3\n");
            Assert.Equal([1.5, -0.0025, 7.0, 1000.0], table.ParseColumn<double>(0));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void NotANumber_NamesRowLineColumnAndText()
    {
        var table = Read("x,y\n1,2\n\n3,abc\n");
        var error = Assert.Throws<FormatException>(() => table.ParseColumns<double>(0, 1));
        Assert.Contains("row 1 (line 4), column 1 ('y')", error.Message);
        Assert.Contains("expected a number, found 'abc'", error.Message);

        error = Assert.Throws<FormatException>(() => Read("1,\n", hasHeader: false).ParseColumn<float>(1));
        Assert.Contains("row 0 (line 1), column 1:", error.Message);
        Assert.Contains("found ''", error.Message);
    }

    [Fact]
    public void ColumnOutOfRange_AndUnknownName_AreErrors()
    {
        var table = Read("sepal,petal\n1,2\n");
        Assert.Throws<ArgumentOutOfRangeException>(() => table.ParseColumn<double>(2));
        var error = Assert.Throws<ArgumentException>(() => table.ColumnIndex("species"));
        Assert.Contains("no column 'species'", error.Message);
        Assert.Contains("'sepal', 'petal'", error.Message);
    }

    [Fact]
    public void ReadFromPath_NamesTheFileInErrors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nngen-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "a,b\r\n1,2\r\n3\r\n");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => Csv.Read(path));
            Assert.Contains(path, error.Message);
            Assert.Contains("row 1 (line 3) has 1 field,", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
