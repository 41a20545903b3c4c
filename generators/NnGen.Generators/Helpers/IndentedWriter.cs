using System;
using System.Text;

namespace NnGen.Generators.Helpers;

/// <summary>
/// A small writer for emitted C#: lines at the current indentation, and blocks whose closing brace is written
/// by disposing the value <see cref="Block"/> returns.
/// </summary>
internal sealed class IndentedWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _text = new();
    private int _depth;

    public IndentedWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            for (var i = 0; i < _depth; i++) _text.Append(IndentUnit);
            _text.Append(line);
        }
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes each line of a multi-line text (a raw string) at the current indentation.</summary>
    public IndentedWriter Lines(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n')) Line(line);
        return this;
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace; the returned scope writes the closing one.</summary>
    public Scope Block(string header, string closing = "}")
    {
        Line(header);
        Line("{");
        _depth++;
        return new Scope(this, closing);
    }

    public override string ToString() => _text.ToString();

    internal readonly struct Scope(IndentedWriter writer, string closing) : IDisposable
    {
        public void Dispose()
        {
            writer._depth--;
            writer.Line(closing);
        }
    }
}
