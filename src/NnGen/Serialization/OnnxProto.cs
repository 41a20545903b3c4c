namespace NnGen;

/// <summary>
/// The field numbers and enum values of onnx/onnx.proto that the exporter writes, checked against that file's text.
/// Only these fields are written; every other field keeps its default.
/// </summary>
internal static class OnnxProto
{
    /// <summary>The IR version written: 8, which ONNX 1.10 and later read and ONNX Runtime loads.</summary>
    public const long IrVersion = 8;

    /// <summary>The version of the default (ai.onnx) operator set the graph uses.</summary>
    public const long OpsetVersion = 17;

    /// <summary><c>message ModelProto</c>.</summary>
    public static class Model
    {
        public const int IrVersion = 1, ProducerName = 2, ProducerVersion = 3, Graph = 7, OpsetImport = 8;
    }

    /// <summary><c>message OperatorSetIdProto</c>.</summary>
    public static class OperatorSetId
    {
        public const int Domain = 1, Version = 2;
    }

    /// <summary><c>message GraphProto</c>.</summary>
    public static class Graph
    {
        public const int Node = 1, Name = 2, Initializer = 5, Input = 11, Output = 12;
    }

    /// <summary><c>message NodeProto</c>.</summary>
    public static class Node
    {
        public const int Input = 1, Output = 2, Name = 3, OpType = 4, Attribute = 5;
    }

    /// <summary><c>message AttributeProto</c> and its <c>AttributeType</c> enum.</summary>
    public static class Attribute
    {
        public const int Name = 1, F = 2, I = 3, Ints = 8, Type = 20;
        public const int TypeFloat = 1, TypeInt = 2, TypeInts = 7;
    }

    /// <summary><c>message TensorProto</c> and its <c>DataType</c> enum.</summary>
    public static class Tensor
    {
        public const int Dims = 1, DataType = 2, Name = 8, RawData = 9;
        public const int Float = 1, Double = 11;
    }

    /// <summary><c>message ValueInfoProto</c>.</summary>
    public static class ValueInfo
    {
        public const int Name = 1, Type = 2;
    }

    /// <summary><c>message TypeProto</c> (<c>tensor_type</c>) and <c>TypeProto.Tensor</c>.</summary>
    public static class Type
    {
        public const int TensorType = 1;
        public const int ElemType = 1, Shape = 2;
    }

    /// <summary><c>message TensorShapeProto</c> and <c>TensorShapeProto.Dimension</c>.</summary>
    public static class Shape
    {
        public const int Dim = 1;
        public const int DimValue = 1, DimParam = 2;
    }
}
