using System.Globalization;
using System.Numerics;

namespace NnGen;

/// <summary>
/// A table read by <see cref="Csv"/>: the header (when the file has one) and the rows as strings, every row with
/// the same number of fields; numbers are parsed on request, culture-invariant, with errors that point into the file.
/// </summary>
public sealed class CsvTable
{
    private readonly string[][] _rows;
    private readonly int[] _lines;
    private readonly string _source;

    internal CsvTable(string source, string[] header, string[][] rows, int[] lines, int columnCount)
    {
        _source = source;
        Header = Array.AsReadOnly(header);
        _rows = rows;
        _lines = lines;
        Rows = Array.AsReadOnly(Array.ConvertAll(rows, row => (IReadOnlyList<string>)Array.AsReadOnly(row)));
        ColumnCount = columnCount;
    }

    /// <summary>The column names, or empty when the file was read without a header.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The data rows, each with <see cref="ColumnCount"/> fields, unquoted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    /// <summary>The number of data rows (the header not counted).</summary>
    public int RowCount => _rows.Length;

    /// <summary>The number of fields in every row.</summary>
    public int ColumnCount { get; }

    /// <summary>The field in row <paramref name="row"/> and column <paramref name="column"/>, both from 0.</summary>
    public string this[int row, int column] => _rows[row][column];

    /// <summary>The line of the file (from 1) on which data row <paramref name="row"/> (from 0) starts, for messages.</summary>
    /// <param name="row">0 ≤ row &lt; <see cref="RowCount"/>.</param>
    public int LineOf(int row) => _lines[row];

    /// <summary>The index of the column named <paramref name="name"/> (ordinal comparison; the first if several share it).</summary>
    /// <param name="name">A column name from the header.</param>
    /// <exception cref="ArgumentException">No column has that name; the message lists the names there are.</exception>
    public int ColumnIndex(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var c = 0; c < Header.Count; c++)
        {
            if (Header[c] == name) return c;
        }

        throw new ArgumentException(
            Header.Count == 0
                ? $"{_source} was read without a header, so it has no column '{name}'; use a column index."
                : $"{_source} has no column '{name}'; its columns are {string.Join(", ", Header.Select(h => $"'{h}'"))}.",
            nameof(name));
    }

    /// <summary>The numbers in column <paramref name="column"/>, one per row.</summary>
    /// <inheritdoc cref="ParseColumns{T}(ReadOnlySpan{int})"/>
    public T[] ParseColumn<T>(int column) where T : INumberBase<T> => ParseColumns<T>([column]);

    /// <summary>
    /// The numbers in <paramref name="columns"/>, row-major: row r, i-th listed column at r·k + i for k columns, the
    /// flat layout of <see cref="Dataset{T}"/> inputs. Parsing is culture-invariant (a dot for decimals, exponents allowed,
    /// surrounding spaces ignored), so a file reads the same on every machine.
    /// </summary>
    /// <typeparam name="T">The number type: float, double, int, …</typeparam>
    /// <param name="columns">Column indices, from 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A column index is outside [0, <see cref="ColumnCount"/>).</exception>
    /// <exception cref="FormatException">A field is not a number; the message names its row, line, column and text.</exception>
    public T[] ParseColumns<T>(params ReadOnlySpan<int> columns) where T : INumberBase<T>
    {
        foreach (var column in columns)
        {
            if ((uint)column >= (uint)ColumnCount)
                throw new ArgumentOutOfRangeException(nameof(columns), column, $"Column {column} is outside [0, {ColumnCount}) of {_source}.");
        }

        var values = new T[_rows.Length * columns.Length];
        for (var r = 0; r < _rows.Length; r++)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                var c = columns[i];
                var text = _rows[r][c];
                if (!T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    var name = Header.Count > c ? $" ('{Header[c]}')" : "";
                    throw new FormatException(
                        $"{_source}, row {r} (line {_lines[r]}), column {c}{name}: expected a number, found '{text}'.");
                }

                values[r * columns.Length + i] = value;
            }
        }

        return values;
    }
}
