using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NnGen.Tests.Support;

/// <summary>
/// A seeded mutation fuzzer for file readers: takes well-formed files, damages them the ways files get damaged (bit
/// flips, truncation, overwritten size fields, inserted and deleted bytes, edited numbers in text headers, plain
/// noise) and runs a reader on each result. Only the reader's documented exception types may escape; every call must
/// end within seconds and allocate no more than a small multiple of its input.
/// </summary>
internal static class ByteMutator
{
    /// <summary>Mutations per reader in CI; NNGEN_FUZZ_MUTATIONS sets another number for a longer run by hand.</summary>
    public const int DefaultMutations = 2000;

    /// <summary>The seed in CI; NNGEN_FUZZ_SEED sets another.</summary>
    public const ulong DefaultSeed = 20_260_801;

    /// <summary>What a reader may allocate beyond a multiple of its input: gzip's window and the readers' first 1 MiB chunk.</summary>
    private const long AllocationAllowance = 8L << 20;

    private static readonly int[] InterestingInt32 = [0, 1, -1, 2, 255, 256, 65_535, 65_536, 1 << 24, int.MaxValue, int.MinValue, 0x7FFF_FFF0];

    private static readonly long[] InterestingInt64 = [0, 1, -1, 8, 1L << 31, 1L << 32, 1L << 40, long.MaxValue, long.MinValue, 100_000_001];

    private static readonly string[] InterestingText =
        ["0", "-1", "99999999999999999999", "2147483647", "4294967296", "1e308", "NaN", "\"", "'", "{", "}", "[", "]", ",", ":", "\n", "\\", "\u00e9", ""];

    public static int Mutations => Setting("NNGEN_FUZZ_MUTATIONS", DefaultMutations);

    public static ulong Seed => (ulong)Setting("NNGEN_FUZZ_SEED", (long)DefaultSeed);

    /// <summary>The outcome counts of one reader's run.</summary>
    public sealed record Tally(string Reader, int Accepted, int Rejected, TimeSpan Elapsed, IReadOnlyDictionary<string, int> Reasons)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Reader}: {Accepted + Rejected} mutations, {Accepted} read, {Rejected} rejected ({Reasons.Count} kinds of message; most common: " +
            $"{string.Join(" | ", Reasons.OrderByDescending(r => r.Value).Take(3).Select(r => $"{r.Value}× {r.Key}"))}), {Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// Runs <paramref name="read"/> on <see cref="Mutations"/> damaged copies of <paramref name="seeds"/>; fails on an
    /// exception outside <paramref name="allowed"/>, on a message that does not name <paramref name="source"/>, on a call
    /// that does not return, and on one that allocates far more than its input.
    /// </summary>
    /// <param name="reader">Names the reader in messages and seeds its own stream of mutations.</param>
    /// <param name="seeds">Well-formed inputs; each must be read without error.</param>
    /// <param name="read">Reads one input; may throw only the allowed types.</param>
    /// <param name="source">A word every error message must contain, so the user knows which file is at fault.</param>
    /// <param name="allowed">The exception types the reader documents.</param>
    public static Tally Run(string reader, byte[][] seeds, Action<byte[]> read, string source, params Type[] allowed) =>
        RunWith(Mutations, reader, seeds, read, source, allowed);

    /// <summary>As <see cref="Run"/>, with <paramref name="mutations"/> mutations, for readers whose every call is costly.</summary>
    public static Tally RunWith(int mutations, string reader, byte[][] seeds, Action<byte[]> read, string source, params Type[] allowed)
    {
        foreach (var seed in seeds)
        {
            var error = Call(read, seed, out _);
            Assert.True(error is null, $"{reader}: a well-formed seed input fails: {error}");
        }

        var rng = new Rng(Seed ^ StableHash(reader));
        var (accepted, rejected) = (0, 0);
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < mutations; i++)
        {
            var input = Mutate(seeds[rng.NextInt(seeds.Length)], rng);
            var error = Call(read, input, out var allocated);
            var where = $"{reader}, mutation {i} of seed {Seed} ({input.Length} bytes: {Hex(input)})";
            if (error is null)
            {
                accepted++;
            }
            else
            {
                Assert.True(allowed.Any(t => t.IsInstanceOfType(error)), $"{where}: {error.GetType().Name} escaped, not one of {string.Join(", ", allowed.Select(t => t.Name))}: {error}");
                Assert.True(error.Message.Contains(source, StringComparison.OrdinalIgnoreCase), $"{where}: the message does not name the {source}: {error.Message}");
                rejected++;
                var reason = Kind(error.Message);
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }

            Assert.True(allocated <= 64L * input.Length + AllocationAllowance, $"{where}: the read allocated {allocated} bytes for an input of {input.Length}.");
        }

        Assert.True(rejected > 0, $"{reader}: no mutation was rejected; the fuzzer does not reach the checks");
        return new Tally(reader, accepted, rejected, clock.Elapsed, reasons);
    }

    /// <summary>A damaged copy of <paramref name="original"/>: one to four mutations, or now and then plain noise.</summary>
    public static byte[] Mutate(byte[] original, Rng rng)
    {
        if (rng.NextInt(40) == 0)
        {
            var noise = new byte[rng.NextInt(96)];
            for (var i = 0; i < noise.Length; i++) noise[i] = (byte)rng.NextUInt64();
            return noise;
        }

        var bytes = new List<byte>(original);
        var rounds = 1 + rng.NextInt(4);
        for (var round = 0; round < rounds; round++)
        {
            var at = bytes.Count == 0 ? 0 : rng.NextInt(bytes.Count);
            switch (rng.NextInt(9))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << rng.NextInt(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = rng.NextInt(2) == 0 ? (byte)rng.NextUInt64() : (byte)(new[] { 0x00, 0x01, 0x7F, 0x80, 0xFF })[rng.NextInt(5)];
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 3 when bytes.Count >= 4:
                    var word = new byte[4];
                    var value = InterestingInt32[rng.NextInt(InterestingInt32.Length)];
                    if (rng.NextInt(2) == 0) BinaryPrimitives.WriteInt32BigEndian(word, value);
                    else BinaryPrimitives.WriteInt32LittleEndian(word, value);
                    Overwrite(bytes, Math.Min(at, bytes.Count - 4), word);
                    break;
                case 4 when bytes.Count >= 8:
                    var wide = new byte[8];
                    BinaryPrimitives.WriteInt64LittleEndian(wide, InterestingInt64[rng.NextInt(InterestingInt64.Length)]);
                    Overwrite(bytes, rng.NextInt(3) == 0 ? 0 : Math.Min(at, bytes.Count - 8), wide);
                    break;
                case 5:
                    var inserted = new byte[1 + rng.NextInt(16)];
                    for (var i = 0; i < inserted.Length; i++) inserted[i] = (byte)rng.NextUInt64();
                    bytes.InsertRange(at, inserted);
                    break;
                case 6 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + rng.NextInt(16)));
                    break;
                case 7 when bytes.Count > 0:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(bytes.Count - at, 1 + rng.NextInt(64))));
                    break;
                default:
                    EditText(bytes, rng);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Replaces a run of digits (or, without any, one printable character) with an awkward piece of text.</summary>
    private static void EditText(List<byte> bytes, Rng rng)
    {
        var digits = Enumerable.Range(0, bytes.Count).Where(i => bytes[i] is >= (byte)'0' and <= (byte)'9').ToList();
        var replacement = Encoding.UTF8.GetBytes(InterestingText[rng.NextInt(InterestingText.Length)]);
        if (digits.Count > 0)
        {
            var start = digits[rng.NextInt(digits.Count)];
            var end = start;
            while (end < bytes.Count && bytes[end] is >= (byte)'0' and <= (byte)'9') end++;
            bytes.RemoveRange(start, end - start);
            bytes.InsertRange(start, replacement);
            return;
        }

        var printable = Enumerable.Range(0, bytes.Count).Where(i => bytes[i] is >= 0x20 and < 0x7F).ToList();
        if (printable.Count == 0) return;
        var at = printable[rng.NextInt(printable.Count)];
        bytes.RemoveAt(at);
        bytes.InsertRange(at, replacement);
    }

    private static void Overwrite(List<byte> bytes, int at, byte[] value)
    {
        for (var i = 0; i < value.Length; i++) bytes[at + i] = value[i];
    }

    /// <summary>Runs one read on a worker thread with a time limit; returns its exception or null, and what it allocated.</summary>
    private static Exception? Call(Action<byte[]> read, byte[] input, out long allocated)
    {
        long used = 0;
        var task = Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                read(input);
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
            finally
            {
                used = GC.GetAllocatedBytesForCurrentThread() - before;
            }
        });
        Assert.True(task.Wait(TimeSpan.FromSeconds(20)), $"a read of {input.Length} bytes did not return within 20 s: {Hex(input)}");
        allocated = used;
        return task.Result;
    }

    /// <summary>A message with its numbers and quoted parts removed, cut short: what kind of damage it reports.</summary>
    private static string Kind(string message)
    {
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        var text = System.Text.RegularExpressions.Regex.Replace(colon >= 0 ? message[(colon + 2)..] : message, @"'[^']*'|[0-9]+|0x[0-9A-F]+", "#");
        return text.Length <= 60 ? text : text[..60];
    }

    private static string Hex(byte[] bytes) =>
        bytes.Length <= 160 ? Convert.ToHexString(bytes) : Convert.ToHexString(bytes, 0, 160) + "…";

    private static ulong StableHash(string text)
    {
        var hash = 14_695_981_039_346_656_037UL; // FNV-1a
        foreach (var c in text) hash = (hash ^ c) * 1_099_511_628_211UL;
        return hash;
    }

    private static long Setting(string variable, long fallback) =>
        long.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static int Setting(string variable, int fallback) => (int)Setting(variable, (long)fallback);
}
