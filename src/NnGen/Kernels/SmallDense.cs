using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NnGen;

/// <summary>
/// Dense layers of at most eight inputs and eight units in one 256-bit register, for tiny networks' generated
/// Predict. Unit o is ((p₀ + p₁) + (p₂ + p₃)) + ((p₄ + p₅) + (p₆ + p₇)) + b_o with p_k = w_ok·x_k (+0 past the
/// inputs): the order of three rounds of horizontal additions, which the generated batch path writes out in scalar
/// code, so that Predict and PredictBatch give the same bits. A layer of one input is w_o0·x₀ + b_o, fused.
/// </summary>
public static unsafe class SmallDense
{
    /// <summary>The most inputs or units a layer may have.</summary>
    public const int Lanes = 8;

    /// <summary>Whether the processor has the 256-bit horizontal additions this needs (AVX).</summary>
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>The first <paramref name="count"/> values of <paramref name="values"/> in lanes 0…, +0 in the rest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ReadOnlySpan<float> values, [ConstantExpected(Min = 1, Max = Lanes)] int count)
    {
        if (values.Length < count) throw TooShort("SmallDense.Load:", count, values.Length, nameof(values));
        return Load(ref MemoryMarshal.GetReference(values), count);
    }

    /// <summary>Lanes 0…<paramref name="count"/> − 1 of <paramref name="value"/> into <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, Span<float> destination, [ConstantExpected(Min = 1, Max = Lanes)] int count)
    {
        if (destination.Length < count) throw TooShort("SmallDense.Store: room for", count, destination.Length, nameof(destination));
        if (count == 1)
        {
            destination[0] = value.ToScalar();
            return;
        }

        fixed (float* target = destination) Avx.MaskStore(target, Mask(count), value);
    }

    /// <summary>
    /// y = W·x + b: W (<paramref name="units"/>, <paramref name="inputs"/>) row-major at <paramref name="w"/>, b at
    /// <paramref name="b"/>; x's lanes from <paramref name="inputs"/> on must be +0 or positive (a sigmoid turns +0
    /// into 0.5), so that their products with the zero weights there are +0. y's lanes from <paramref name="units"/>
    /// on are +0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Forward(
        ref float w, ref float b, Vector256<float> x,
        [ConstantExpected(Min = 1, Max = Lanes)] int inputs, [ConstantExpected(Min = 1, Max = Lanes)] int units)
    {
        if (inputs == 1)
        {
            // Only p₀ is not +0: y = w·x₀ + b in one fused multiply-add instead of a tree of additions of +0 (the
            // generated batch path fuses it too). One rounding, and 4 cycles less on the call's chain: the tiny
            // network's Predict 2–4 % faster in alternating rounds.
            return Vector256.FusedMultiplyAdd(Load(ref w, units), Vector256.Create(x.ToScalar()), Load(ref b, units));
        }

        if (units == 1)
        {
            // One unit: the same tree within the register (neighbours, then pairs two apart, then the two halves) in
            // three shuffles instead of the horizontal additions' six and two across blocks; the bias added last, in
            // scalar, and the other lanes +0. The tiny network's Predict 1.5–2 % faster (median of alternating rounds).
            var products = Product(ref w, 0, x, inputs, units);
            var pairs = products + Avx.Permute(products, 0b10_11_00_01);
            var quads = pairs + Avx.Permute(pairs, 0b01_00_11_10);
            return Vector256.CreateScalar(quads.ToScalar() + quads.GetElement(4) + b);
        }

        var h01 = Avx.HorizontalAdd(Product(ref w, 0, x, inputs, units), Product(ref w, 1, x, inputs, units));
        var h23 = units <= 2 ? Vector256<float>.Zero : Avx.HorizontalAdd(Product(ref w, 2, x, inputs, units), Product(ref w, 3, x, inputs, units));
        var q0 = Avx.HorizontalAdd(h01, h23);
        var q1 = units <= 4 ? Vector256<float>.Zero : Avx.HorizontalAdd(
            Avx.HorizontalAdd(Product(ref w, 4, x, inputs, units), Product(ref w, 5, x, inputs, units)),
            Avx.HorizontalAdd(Product(ref w, 6, x, inputs, units), Product(ref w, 7, x, inputs, units)));
        // The bias loaded last, where it is used: loaded first, it held a register through the products, and the
        // JIT spilled it to the stack next to tanh's constants.
        return Avx.Permute2x128(q0, q1, 0x20) + Avx.Permute2x128(q0, q1, 0x31) + Load(ref b, units);
    }

    /// <summary>Row <paramref name="row"/> of W times x, lane by lane; +0 for a row past the units.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Product(ref float w, int row, Vector256<float> x, int inputs, int units) =>
        row >= units ? Vector256<float>.Zero : Load(ref Unsafe.Add(ref w, row * inputs), inputs) * x;

    /// <summary><paramref name="count"/> values from <paramref name="source"/>, +0 after them; nothing past them is read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Load(ref float source, int count)
    {
        if (count == Lanes) return Vector256.LoadUnsafe(ref source);
        if (count == 1) return Vector256.CreateScalar(source);
        fixed (float* p = &source) return Avx.MaskLoad(p, Mask(count));
    }

    // Apart from Load and Store, which inline into Predict, and never inlined: a message built there made every call
    // zero stack space for its string builder and save registers around the calls that build it. They throw what this
    // returns themselves, so that the JIT knows the check's failing branch does not return (as in Guard.Length).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException TooShort(string what, int count, int length, string parameter) =>
        new($"{what} {count} values needed, {length} given.", parameter);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Mask(int count) =>
        Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(count)).AsSingle();
}
