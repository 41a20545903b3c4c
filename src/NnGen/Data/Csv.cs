using System.Text;

namespace NnGen;

/// <summary>
/// Reads comma-separated values as RFC 4180 describes them: fields separated by a separator character, records
/// ended by CRLF or LF (a lone CR too), fields in double quotes may hold separators, line breaks and doubled quotes
/// (<c>""</c> for one <c>"</c>). Empty lines are skipped; a byte-order mark is ignored.
/// </summary>
/// <remarks>
/// Every row must have as many fields as the header (or, without a header, as the first row); a row that does not
/// is an error naming its line and both counts, never a silently shifted column.
/// Rows and fields are numbered from 0, lines of the file from 1.
/// </remarks>
public static class Csv
{
    /// <summary>Reads the CSV file at <paramref name="path"/> (UTF-8 unless a byte-order mark says otherwise).</summary>
    /// <param name="path">The file.</param>
    /// <param name="separator">The field separator: ',' by default, ';' or '\t' for other files.</param>
    /// <param name="hasHeader">Whether the first record names the columns.</param>
    /// <returns>The header and the rows.</returns>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The text is not well-formed CSV; the message gives the line and what was wrong.</exception>
    public static CsvTable Read(string path, char separator = ',', bool hasHeader = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader.ReadToEnd(), separator, hasHeader, $"CSV file '{path}'");
    }

    /// <summary>Reads CSV text from <paramref name="reader"/> to its end.</summary>
    /// <param name="reader">The text; it is left open.</param>
    /// <param name="separator">The field separator: ',' by default, ';' or '\t' for other files.</param>
    /// <param name="hasHeader">Whether the first record names the columns.</param>
    /// <returns>The header and the rows.</returns>
    /// <exception cref="InvalidDataException">The text is not well-formed CSV; the message gives the line and what was wrong.</exception>
    public static CsvTable Read(TextReader reader, char separator = ',', bool hasHeader = true)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Read(reader.ReadToEnd(), separator, hasHeader, "CSV");
    }

    private static CsvTable Read(string text, char separator, bool hasHeader, string source)
    {
        if (separator is '"' or '\r' or '\n')
            throw new ArgumentException($"The separator cannot be a quote or a line break; got {(int)separator:X4}.", nameof(separator));

        var records = new List<string[]>();
        var lines = new List<int>();
        var position = text.StartsWith('\uFEFF') ? 1 : 0;
        var line = 1;
        while (position < text.Length)
        {
            var start = line;
            var record = ReadRecord(text, ref position, ref line, separator, source);
            if (record is null) continue; // an empty line
            records.Add(record);
            lines.Add(start);
        }

        string[] header = [];
        var first = 0;
        if (hasHeader)
        {
            if (records.Count == 0) throw new InvalidDataException($"{source} is empty; expected a header line.");
            header = records[0];
            first = 1;
        }

        var columns = records.Count > 0 ? records[0].Length : 0;
        for (var r = first; r < records.Count; r++)
        {
            if (records[r].Length != columns)
            {
                var reference = hasHeader ? $"the header (line {lines[0]})" : $"the first row (line {lines[0]})";
                throw new InvalidDataException(
                    $"{source}: row {r - first} (line {lines[r]}) has {records[r].Length} field{(records[r].Length == 1 ? "" : "s")}, but {reference} has {columns}.");
            }
        }

        return new CsvTable(source, header, records.GetRange(first, records.Count - first).ToArray(), lines.GetRange(first, lines.Count - first).ToArray(), columns);
    }

    /// <summary>
    /// Reads one record from <paramref name="position"/> through its line break; returns null for an empty line.
    /// <paramref name="line"/> counts the line breaks passed, those inside quoted fields included.
    /// </summary>
    private static string[]? ReadRecord(string text, ref int position, ref int line, char separator, string source)
    {
        if (IsLineBreak(text, position))
        {
            SkipLineBreak(text, ref position, ref line);
            return null;
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        while (true)
        {
            field.Clear();
            if (position < text.Length && text[position] == '"')
            {
                var openedOn = line;
                position++;
                while (true)
                {
                    if (position >= text.Length)
                        throw new InvalidDataException($"{source}: the quoted field {fields.Count} opened on line {openedOn} is never closed.");
                    var c = text[position];
                    if (c == '"')
                    {
                        if (position + 1 < text.Length && text[position + 1] == '"')
                        {
                            field.Append('"');
                            position += 2;
                            continue;
                        }

                        position++;
                        break;
                    }

                    if (c is '\r' or '\n')
                    {
                        var before = position;
                        SkipLineBreak(text, ref position, ref line);
                        field.Append(text, before, position - before);
                        continue;
                    }

                    field.Append(c);
                    position++;
                }

                if (position < text.Length && text[position] != separator && !IsLineBreak(text, position))
                {
                    throw new InvalidDataException(
                        $"{source}, line {line}: field {fields.Count} closes its quotes and goes on with '{text[position]}'; expected '{separator}' or the end of the line. Inside quotes write a quote as \"\".");
                }
            }
            else
            {
                var end = position;
                while (end < text.Length && text[end] != separator && text[end] is not ('\r' or '\n')) end++;
                field.Append(text, position, end - position);
                position = end;
            }

            fields.Add(field.ToString());
            if (position < text.Length && text[position] == separator)
            {
                position++;
                continue;
            }

            if (position < text.Length) SkipLineBreak(text, ref position, ref line);
            return fields.ToArray();
        }
    }

    private static bool IsLineBreak(string text, int position) => position < text.Length && text[position] is '\r' or '\n';

    /// <summary>Steps over one CRLF, LF or CR.</summary>
    private static void SkipLineBreak(string text, ref int position, ref int line)
    {
        if (text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n') position++;
        position++;
        line++;
    }
}
