namespace System.Runtime.CompilerServices;

// Lets records and init accessors compile for netstandard2.0, which lacks this marker type.
internal static class IsExternalInit;
