using System.Globalization;
using System.Text;

namespace NnGen;

/// <summary>
/// The header of a <c>.npy</c> file: a Python dictionary literal such as
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 16, 16), }</c>, printed the way NumPy prints it and read
/// back with a small parser for the part of Python's literal syntax such headers use (strings, <c>True</c>/<c>False</c>,
/// integers, tuples and lists).
/// </summary>
/// <remarks>
/// NumPy reads the header with <c>ast.literal_eval</c> and then requires exactly the keys <c>descr</c>,
/// <c>fortran_order</c> and <c>shape</c> (numpy/lib/format.py, <c>_read_array_header</c>). This parser accepts what
/// other writers produce as well: either quote, any key order, whitespace anywhere, no trailing comma, and Python 2's
/// <c>3L</c> integers.
/// </remarks>
internal static class NpyHeader
{
    /// <summary>The most dimensions a header may declare: NumPy 2's limit (<c>NPY_MAXDIMS</c>).</summary>
    public const int MaxDimensions = 64;

    /// <summary>The type string NumPy writes for <paramref name="type"/>.</summary>
    public static string Descr(NpyDataType type) => type switch
    {
        NpyDataType.Int8 => "|i1",
        NpyDataType.Int32 => "<i4",
        NpyDataType.Float32 => "<f4",
        NpyDataType.Float64 => "<f8",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a .npy data type this library knows."),
    };

    /// <summary>
    /// The dictionary as NumPy 1.24+ writes it: keys sorted, a trailing <c>, </c>, then spaces that let the first
    /// dimension grow to 21 digits in place (<c>GROWTH_AXIS_MAX_DIGITS</c>). Padding and the final newline are added by
    /// the caller.
    /// </summary>
    public static string Format(NpyDataType type, ReadOnlySpan<int> shape)
    {
        var text = new StringBuilder();
        text.Append("{'descr': '").Append(Descr(type)).Append("', 'fortran_order': False, 'shape': (");
        for (var d = 0; d < shape.Length; d++)
        {
            if (d > 0) text.Append(", ");
            text.Append(shape[d].ToString(CultureInfo.InvariantCulture));
        }

        if (shape.Length == 1) text.Append(',');
        text.Append("), }");
        if (shape.Length > 0)
        {
            text.Append(' ', 21 - shape[0].ToString(CultureInfo.InvariantCulture).Length);
        }

        return text.ToString();
    }

    /// <summary>Reads the element type and shape from a header's text.</summary>
    /// <param name="text">The header, padding and newline included.</param>
    /// <param name="source">Names the file in messages.</param>
    /// <exception cref="InvalidDataException">The header is not a dictionary literal with the three keys and values this library reads.</exception>
    public static (NpyDataType Type, int[] Shape) Parse(string text, string source)
    {
        var parser = new Parser(text, source);
        var entries = parser.ParseHeader();

        string[] expected = ["descr", "fortran_order", "shape"];
        foreach (var key in entries.Keys)
        {
            if (Array.IndexOf(expected, key) < 0)
            {
                throw new InvalidDataException(
                    $"{source}: the header has an unexpected key '{key}'; a .npy header holds exactly the keys 'descr', 'fortran_order' and 'shape'. The header was: {Quote(text)}");
            }
        }

        foreach (var key in expected)
        {
            if (!entries.ContainsKey(key))
            {
                throw new InvalidDataException(
                    $"{source}: the header has no '{key}' key; a .npy header holds exactly the keys 'descr', 'fortran_order' and 'shape'. The header was: {Quote(text)}");
            }
        }

        var type = ParseDescr(entries["descr"], source);

        if (entries["fortran_order"] is not bool fortranOrder)
        {
            throw new InvalidDataException(
                $"{source}: 'fortran_order' must be True or False, found {Show(entries["fortran_order"])}.");
        }

        if (fortranOrder)
        {
            throw new InvalidDataException(
                $"{source}: the data is in Fortran (column-major) order (fortran_order: True), which is not supported; only C order is read. Save a C-ordered copy, e.g. np.save(path, np.ascontiguousarray(a)).");
        }

        return (type, ParseShape(entries["shape"], source));
    }

    private static NpyDataType ParseDescr(object descr, string source)
    {
        const string known = "'<f4' (float32), '<f8' (float64), '|i1' (int8) and '<i4' (int32)";
        if (descr is not string s)
        {
            var what = descr is List<object> ? "a list of fields (a structured dtype)" : Show(descr);
            throw new InvalidDataException($"{source}: 'descr' is {what}; only plain arrays of {known} are supported.");
        }

        return s switch
        {
            "<f4" => NpyDataType.Float32,
            "<f8" => NpyDataType.Float64,
            "<i4" => NpyDataType.Int32,
            "|i1" or "<i1" or ">i1" or "=i1" or "i1" => NpyDataType.Int8,
            _ when s.StartsWith('>') && s.Length > 1 && s[1..] is "f4" or "f8" or "i4" => throw new InvalidDataException(
                $"{source}: the data type '{s}' is big-endian, which is not supported; expected one of {known}. Convert it first, e.g. a.astype(a.dtype.newbyteorder('<'))."),
            _ => throw new InvalidDataException(
                $"{source}: unknown data type '{s}'; expected one of {known}. Convert it first, e.g. np.save(path, a.astype(np.float32))."),
        };
    }

    private static int[] ParseShape(object shape, string source)
    {
        if (shape is not Tuple tuple)
        {
            throw new InvalidDataException(
                $"{source}: 'shape' must be a tuple of integers such as (3, 16, 16) or (5,), found {Show(shape)}.");
        }

        if (tuple.Items.Count > MaxDimensions)
        {
            throw new InvalidDataException(
                $"{source}: the shape has {tuple.Items.Count} dimensions; at most {MaxDimensions} are allowed.");
        }

        var dims = new int[tuple.Items.Count];
        for (var d = 0; d < dims.Length; d++)
        {
            if (tuple.Items[d] is not long size)
            {
                throw new InvalidDataException(
                    $"{source}: dimension {d + 1} of the shape {Show(shape)} is {Show(tuple.Items[d])}, not an integer.");
            }

            if (size < 0 || size > int.MaxValue)
            {
                throw new InvalidDataException(
                    $"{source}: dimension {d + 1} of the shape {Show(shape)} has size {size}; each size must lie in [0, {int.MaxValue}].");
            }

            dims[d] = (int)size;
        }

        return dims;
    }

    /// <summary>A Python tuple (a list is a <see cref="List{T}"/>), so that <c>(5)</c>, which is 5, differs from <c>(5,)</c>.</summary>
    private sealed record Tuple(List<object> Items);

    /// <summary>Python's <c>None</c>.</summary>
    private sealed class None
    {
        public static readonly None Value = new();
    }

    /// <summary>Prints a parsed value back in Python syntax, for messages.</summary>
    private static string Show(object value) => value switch
    {
        string s => $"'{s}'",
        bool b => b ? "True" : "False",
        long n => n.ToString(CultureInfo.InvariantCulture),
        Tuple t => t.Items.Count == 1 ? $"({Show(t.Items[0])},)" : $"({string.Join(", ", t.Items.Select(Show))})",
        List<object> l => $"[{string.Join(", ", l.Select(Show))}]",
        None => "None",
        _ => value.ToString() ?? "?",
    };

    /// <summary>The header for a message: trailing padding dropped, long headers cut.</summary>
    private static string Quote(string text)
    {
        var trimmed = text.TrimEnd(' ', '\n', '\r', '\t');
        return trimmed.Length <= 200 ? $"\"{trimmed}\"" : $"\"{trimmed[..200]}…\" ({trimmed.Length} characters)";
    }

    /// <summary>Recursive descent over the header text; each method consumes one Python literal.</summary>
    private sealed class Parser(string text, string source)
    {
        private int _position;

        public Dictionary<string, object> ParseHeader()
        {
            SkipWhitespace();
            Expect('{', "a '{' opening the header dictionary");
            var entries = new Dictionary<string, object>(StringComparer.Ordinal);
            SkipWhitespace();
            while (Peek() != '}')
            {
                var keyAt = _position;
                if (ParseValue() is not string key)
                {
                    throw Error(keyAt, "a quoted key such as 'descr'");
                }

                if (entries.ContainsKey(key))
                {
                    throw new InvalidDataException($"{source}: the header has the key '{key}' twice. The header was: {Quote(text)}");
                }

                SkipWhitespace();
                Expect(':', $"':' after the key '{key}'");
                SkipWhitespace();
                entries[key] = ParseValue();
                SkipWhitespace();
                if (Peek() == ',')
                {
                    _position++;
                    SkipWhitespace();
                }
                else if (Peek() != '}')
                {
                    throw Error(_position, "',' or '}' after a value");
                }
            }

            _position++; // the closing brace
            SkipWhitespace();
            if (_position < text.Length)
            {
                throw Error(_position, "only spaces and a newline after the closing '}'");
            }

            return entries;
        }

        private object ParseValue()
        {
            var c = Peek();
            switch (c)
            {
                case '\'' or '"':
                    return ParseString();
                case '(':
                    return ParseSequence(')');
                case '[':
                    return ParseSequence(']');
                case >= '0' and <= '9' or '-' or '+':
                    return ParseInteger();
            }

            if (TryWord("True")) return true;
            if (TryWord("False")) return false;
            if (TryWord("None")) return None.Value;
            throw Error(_position, "a string, True, False, an integer, a tuple or a list");
        }

        private string ParseString()
        {
            var quote = text[_position];
            var start = _position;
            _position++;
            var value = new StringBuilder();
            while (_position < text.Length && text[_position] != quote)
            {
                if (text[_position] is '\n' or '\r')
                    break;
                if (text[_position] == '\\' && _position + 1 < text.Length)
                    _position++;
                value.Append(text[_position]);
                _position++;
            }

            if (_position >= text.Length || text[_position] != quote)
            {
                throw Error(start, $"a string closed by {quote} on the same line");
            }

            _position++;
            return value.ToString();
        }

        private object ParseSequence(char close)
        {
            _position++; // the opening bracket
            var items = new List<object>();
            var trailingComma = false;
            SkipWhitespace();
            while (Peek() != close)
            {
                items.Add(ParseValue());
                trailingComma = false;
                SkipWhitespace();
                if (Peek() == ',')
                {
                    _position++;
                    trailingComma = true;
                    SkipWhitespace();
                }
                else if (Peek() != close)
                {
                    throw Error(_position, $"',' or '{close}' in a {(close == ')' ? "tuple" : "list")}");
                }
            }

            _position++;
            if (close == ']') return items;
            return items.Count == 1 && !trailingComma ? items[0] : new Tuple(items);
        }

        private long ParseInteger()
        {
            var start = _position;
            if (text[_position] is '-' or '+') _position++;
            var digits = _position;
            while (_position < text.Length && char.IsAsciiDigit(text[_position])) _position++;
            if (_position == digits)
            {
                throw Error(start, "digits after the sign");
            }

            if (!long.TryParse(text.AsSpan(start, _position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                throw new InvalidDataException(
                    $"{source}: the integer {text[start.._position]} in the header is too large. The header was: {Quote(text)}");
            }

            if (_position < text.Length && text[_position] is 'L' or 'l') _position++; // Python 2's long suffix
            return value;
        }

        private bool TryWord(string word)
        {
            if (string.CompareOrdinal(text, _position, word, 0, word.Length) != 0) return false;
            var end = _position + word.Length;
            if (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_')) return false;
            _position = end;
            return true;
        }

        private void Expect(char c, string what)
        {
            if (Peek() != c) throw Error(_position, what);
            _position++;
        }

        private char Peek()
        {
            if (_position >= text.Length)
            {
                throw new InvalidDataException(
                    $"{source}: the header ends in the middle of the dictionary (after {text.Length} characters); expected a closing '}}'. The header was: {Quote(text)}");
            }

            return text[_position];
        }

        private void SkipWhitespace()
        {
            while (_position < text.Length && text[_position] is ' ' or '\t' or '\n' or '\r') _position++;
        }

        private InvalidDataException Error(int at, string expected)
        {
            var found = at >= text.Length ? "the end of the header" : $"'{text[at]}'";
            return new InvalidDataException(
                $"{source}: the header is not a valid Python dictionary: at character {at + 1}, expected {expected}, found {found}. The header was: {Quote(text)}");
        }
    }
}
