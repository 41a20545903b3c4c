using System.Diagnostics;
using System.Globalization;

namespace NnGen;

/// <summary>
/// Prints Fit's progress: one line per epoch (<see cref="EpochReport.ToString"/>). On an interactive console it
/// also redraws a bar in place during the epoch, at most ten times a second; when the output is redirected (a file,
/// a pipe, a CI log) it prints exactly one line per epoch and nothing else.
/// </summary>
public sealed class ConsoleProgress : IProgress<EpochReport>, IProgress<BatchReport>
{
    private const int BarWidth = 20;
    private static readonly long RedrawInterval = Stopwatch.Frequency / 10;

    private readonly TextWriter? _writer;
    private readonly bool _live;
    private long _lastRedraw;
    private int _barLength;

    /// <summary>Writes to <see cref="Console.Out"/>, with a live bar unless the output is redirected.</summary>
    public ConsoleProgress()
        : this(null, live: !Console.IsOutputRedirected)
    {
    }

    /// <summary>Writes to <paramref name="writer"/>.</summary>
    /// <param name="writer">Where to write; <see cref="Console.Out"/> (as it is at each write) if null.</param>
    /// <param name="live">Whether to redraw a bar in place during the epoch (only for a terminal).</param>
    public ConsoleProgress(TextWriter? writer, bool live)
    {
        _writer = writer;
        _live = live;
    }

    private TextWriter Writer => _writer ?? Console.Out;

    /// <summary>Print the line of every n-th epoch only (and always the first and the last); 1, the default, prints all.</summary>
    public int Every
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Every), value, "Every must be at least 1.");
    } = 1;

    /// <summary>Prints the epoch's line, over the bar if one is shown.</summary>
    /// <param name="value">The finished epoch.</param>
    public void Report(EpochReport value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Epoch % Every != 0 && value.Epoch != 1 && value.Epoch != value.Epochs) return;
        var line = value.ToString();
        if (_barLength > 0)
        {
            Writer.Write('\r');
            line = line.PadRight(_barLength);
            _barLength = 0;
        }

        Writer.WriteLine(line);
        Writer.Flush();
    }

    /// <summary>Redraws the bar in place, when live and at most ten times a second.</summary>
    /// <param name="value">Where the epoch stands.</param>
    public void Report(BatchReport value)
    {
        if (!_live) return;
        var now = Stopwatch.GetTimestamp();
        if (_barLength > 0 && now - _lastRedraw < RedrawInterval) return;
        _lastRedraw = now;

        var done = (int)((long)BarWidth * value.Step / value.Steps);
        var width = value.Epochs.ToString(CultureInfo.InvariantCulture).Length;
        var bar = string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {value.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{value.Epochs}  " +
            $"[{new string('=', done)}{new string('.', BarWidth - done)}]  {value.Step}/{value.Steps}  loss {EpochReport.FormatLoss(value.Loss)}");
        Writer.Write('\r');
        Writer.Write(bar.PadRight(_barLength));
        Writer.Flush();
        _barLength = Math.Max(_barLength, bar.Length);
    }
}
